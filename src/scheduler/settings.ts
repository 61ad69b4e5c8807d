import type { Tier } from "./tiers.ts";

/** How the scheduler behaves, from the config (SYNC_TIERS, SYNC_DEFAULT_TIER, SCHEDULER_*). */
export interface SchedulerSettings {
  tiers: readonly Tier[];
  /** The tier of users registered without one. */
  defaultTier: string;
  /** How often the leader ticks. */
  tickMs: number;
  /** The calls of this long (at the provider's quota) are the most kept in flight. */
  windowMs: number;
  /** The share of the quota background syncs leave for Sync now. */
  syncNowShare: number;
  /** The most calls one background run makes; the rest of its work waits for later turns. */
  maxRunCalls: number;
}

/** The defaults of the variables, for callers built without a config (tests, the library). */
export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  tiers: [
    { name: "paid", intervalMs: 15 * 60_000 },
    { name: "free", intervalMs: 24 * 3_600_000 },
  ],
  defaultTier: "free",
  tickMs: 5_000,
  windowMs: 60_000,
  syncNowShare: 0.2,
  maxRunCalls: 150,
};

/** The interval of users whose tier is gone from SYNC_TIERS: the default tier's (then the first tier's, then a day). */
export const fallbackIntervalMs = (s: SchedulerSettings): number =>
  s.tiers.find((t) => t.name === s.defaultTier)?.intervalMs ?? s.tiers[0]?.intervalMs ?? 86_400_000;
