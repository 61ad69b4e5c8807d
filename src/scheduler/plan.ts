import { ValidationError } from "../errors.ts";
import { formatDuration, parseDuration } from "./tiers.ts";

/** One tier of a fleet to plan: its share of the users and its interval. */
export interface PlanTier {
  name: string;
  share: number;
  intervalMs: number;
}

export interface PlanInput {
  users: number;
  tiers: readonly PlanTier[];
  /** Edits a user makes per day, spread at random (Poisson). */
  editsPerDay: number;
  /** Calls a run of a user with changes costs (a few notes changed: seed 001's 5 to 20). */
  callsPerRun: number;
  /** The provider's quota, requests per second. */
  quota: number;
  syncNowShare: number;
}

export interface PlanTierResult {
  name: string;
  users: number;
  interval: string;
  /** The chance a user has changes when their sync comes due. */
  changed: number;
  /** Calls per second the tier needs. */
  demand: number;
}

export interface Plan {
  tiers: PlanTierResult[];
  demand: number;
  /** What background syncs may use: quota × (1 − Sync-now share). */
  capacity: number;
  /** Demand ÷ capacity: at most 1 fits. */
  load: number;
  fits: boolean;
  /** How much every interval stretches when it does not fit (1: not at all). */
  stretch: number;
}

const DAY_MS = 86_400_000;

/**
 * Seed 001's arithmetic, per tier: users × the chance they changed something within one interval
 * × calls per changed run ÷ the interval, against the quota less the Sync-now share. An unchanged
 * user costs nothing, so the chance of a change is what makes short intervals affordable. When
 * demand exceeds capacity the scheduler serves every tier late by about the same factor.
 */
export function plan(input: PlanInput): Plan {
  const tiers = input.tiers.map((t): PlanTierResult => {
    const users = Math.round(input.users * t.share);
    const changed = 1 - Math.exp(-input.editsPerDay * (t.intervalMs / DAY_MS));
    const demand = (users * changed * input.callsPerRun) / (t.intervalMs / 1000);
    return { name: t.name, users, interval: formatDuration(t.intervalMs), changed, demand };
  });
  const demand = tiers.reduce((n, t) => n + t.demand, 0);
  const capacity = input.quota * (1 - input.syncNowShare);
  const load = demand / capacity;
  return { tiers, demand, capacity, load, fits: load <= 1, stretch: Math.max(1, load) };
}

/** `--tier paid=0.2:15m`: a name, a share of the users, an interval. */
export function parsePlanTier(text: string): PlanTier {
  const m = /^([a-z][a-z0-9_-]{0,31})=(\d*\.?\d+):(\S+)$/.exec(text.trim());
  const share = Number(m?.[2]);
  const intervalMs = m ? parseDuration(m[3] as string) : undefined;
  if (!m || !(share > 0 && share <= 1) || intervalMs === undefined)
    throw new ValidationError(`--tier ${JSON.stringify(text)}: expected name=share:interval, e.g. paid=0.2:15m`, [
      { field: "--tier", message: "expected name=share:interval with 0 < share ≤ 1 and an interval like 15m or 24h" },
    ]);
  return { name: m[1] as string, share, intervalMs };
}

/** The tiers' shares must add up to 1 (within rounding). */
export function checkShares(tiers: readonly PlanTier[]): void {
  const sum = tiers.reduce((n, t) => n + t.share, 0);
  if (tiers.length === 0 || Math.abs(sum - 1) > 0.001)
    throw new ValidationError(`the tiers' shares add up to ${sum}, not 1`, [{ field: "--tier", message: "shares must add up to 1" }]);
}
