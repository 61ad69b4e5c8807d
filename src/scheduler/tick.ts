import type { Clock } from "../clock.ts";
import type { Db } from "../db/types.ts";
import type { Logger } from "../logger.ts";
import type { ProviderSet } from "../providers/registry.ts";
import type { Queue } from "../queue/queue.ts";
import type { SyncKind } from "./kinds.ts";
import { fallbackIntervalMs, type SchedulerSettings } from "./settings.ts";
import { recordTick, stillLeading } from "./sql/leader.ts";
import {
  type Admission,
  dueCandidates,
  forgetEndedAdmissions,
  inFlightCost,
  type Lead,
  markSynced,
  recordAdmissions,
} from "./sql/schedules.ts";

export interface TickDeps {
  db: Db;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  providers: ProviderSet;
  settings: SchedulerSettings;
  kinds: readonly SyncKind[];
}

/** What one tick did for one sync kind (kept on the leader's row for GET /v1/scheduler). */
export interface KindTick {
  kind: string;
  /** Calls the window allows background syncs (quota × window × (1 − Sync-now share)). */
  window_calls: number;
  /** Calls the runs already in flight are expected to spend. */
  in_flight: number;
  due: number;
  admitted: number;
  admitted_calls: number;
  /** Who was admitted, in order (the first 200). */
  admitted_users: string[];
  /** Due users with nothing pending: marked synced without a job or a call. */
  idle: number;
  /** Due users left for a later tick: the window is full. */
  deferred: number;
  /** Admissions forgotten because their job ended without reporting. */
  forgotten: number;
}

export interface TickReport {
  at: string;
  fence: string;
  kinds: KindTick[];
}

/** Due users looked at per kind and tick. */
const CANDIDATES = 1000;
/** The quota a provider without one of its own is scheduled against: Notion's documented average. */
export const DEFAULT_QUOTA = 3;

/**
 * One scheduler tick, under `lead`. Per sync kind: forgets admissions whose job ended unreported,
 * works out the window's budget (the provider's quota × the window, less the Sync-now share and
 * the calls already in flight), then admits due users most late first relative to their tier's
 * interval, each at its estimated cost (pending units × measured calls per unit), until the
 * budget is spent. Due users with nothing pending are marked synced without a job. Every write is
 * fenced: a leader that lost its lease admits nobody.
 */
export async function tick(deps: TickDeps, lead: Lead): Promise<TickReport> {
  const now = deps.clock.now();
  const kinds: KindTick[] = [];
  for (const kind of deps.kinds) kinds.push(await tickKind(deps, kind, lead, now));
  const report: TickReport = { at: now.toISOString(), fence: lead.fence.toString(), kinds };
  await recordTick(deps.db, lead.name, lead.fence, now, report);
  return report;
}

async function tickKind(deps: TickDeps, kind: SyncKind, lead: Lead, now: Date): Promise<KindTick> {
  const { db, settings } = deps;
  const quota = deps.providers.get(kind.provider.id)?.quota?.perSecond ?? DEFAULT_QUOTA;
  const forgotten = await forgetEndedAdmissions(db, kind.name, now, lead);
  const windowCalls = Math.floor(quota * (settings.windowMs / 1000) * (1 - settings.syncNowShare));
  const inFlight = await inFlightCost(db, kind.name);
  const fallbackMs = fallbackIntervalMs(settings);
  const due = await dueCandidates(db, {
    kind: kind.name,
    provider: kind.provider.id,
    entitlement: kind.provider.entitlement,
    tiers: settings.tiers,
    fallbackMs,
    now,
    limit: CANDIDATES,
  });
  const pending = await kind.pending(
    db,
    due.map((c) => c.userId),
    now,
  );
  let budget = windowCalls - inFlight;
  const idle: string[] = [];
  let full = false;
  const out: KindTick = {
    kind: kind.name,
    window_calls: windowCalls,
    in_flight: inFlight,
    due: due.length,
    admitted: 0,
    admitted_calls: 0,
    admitted_users: [],
    idle: 0,
    deferred: 0,
    forgotten,
  };
  const picked: Array<{ userId: string; cost: number; pending: number }> = [];
  for (const c of due) {
    const units = pending.get(c.userId) ?? 0;
    if (units === 0) {
      idle.push(c.userId);
      continue;
    }
    // A run is bounded: it costs at most maxRunCalls, and a bigger one continues in later turns.
    const estimate = Math.max(1, Math.ceil(units * (c.callsPerUnit ?? kind.callsPerUnit)));
    const cost = kind.bounded ? Math.min(settings.maxRunCalls, estimate) : estimate;
    // In lateness order: once one waits for room, the ones after it wait too (a cheaper one does
    // not pass it), except that an empty pipe always takes the most late (or a big first sync
    // would never fit).
    if (full || budget <= 0 || (cost > budget && picked.length + inFlight > 0)) {
      full = true;
      out.deferred++;
      continue;
    }
    picked.push({ userId: c.userId, cost, pending: units });
    budget -= cost;
  }
  // The lead is checked before any job is enqueued, and again (in the same statement) when the
  // admissions are recorded: a leader that lost its lease meanwhile records none (a job it did
  // enqueue is joined, not doubled, by the next leader's admission of that user).
  const admissions: Admission[] = [];
  if (picked.length > 0 && (await stillLeading(db, lead, deps.clock.now()))) {
    for (const p of picked) {
      try {
        const jobId = await kind.enqueue(db, deps.queue, deps.clock, p.userId, settings.maxRunCalls);
        if (jobId !== null) admissions.push({ ...p, jobId });
      } catch (err) {
        // The user changed since they were read (disconnected, deleted): the others still go.
        deps.logger.warn({ userId: p.userId, kind: kind.name, err: (err as Error).message }, "scheduler could not admit a user");
      }
    }
  }
  const recorded = new Set(await recordAdmissions(db, kind.name, admissions, now, lead));
  for (const a of admissions) {
    if (!recorded.has(a.userId)) continue;
    out.admitted++;
    out.admitted_calls += a.cost;
    if (out.admitted_users.length < 200) out.admitted_users.push(a.userId);
  }
  out.idle = await markSynced(db, kind.name, idle, now, lead);
  const { admitted_users: _users, ...counts } = out;
  if (out.admitted > 0 || out.deferred > 0) deps.logger.info(counts, "scheduler admitted background syncs");
  return out;
}
