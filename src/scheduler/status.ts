import type { Queryable } from "../db/types.ts";
import { SCHEDULER } from "./leader.ts";
import type { SchedulerSettings } from "./settings.ts";
import { leaderRow } from "./sql/leader.ts";
import type { ScheduleRow } from "./sql/schedules.ts";
import { backlog } from "./sql/status.ts";
import { formatDuration, type Tier, tierNamed } from "./tiers.ts";

const fallbackOf = (s: SchedulerSettings) => tierNamed(s.tiers, s.defaultTier)?.intervalMs ?? 86_400_000;

/** GET /v1/scheduler: who leads, what the last tick did, the backlog per kind and tier. */
export async function schedulerStatus(db: Queryable, settings: SchedulerSettings, now: Date) {
  const leader = await leaderRow(db, SCHEDULER);
  return {
    leader: leader
      ? { holder: leader.holder, fence: leader.fence, lease_expires_at: leader.expires_at.toISOString(), active: leader.expires_at > now }
      : null,
    last_tick_at: leader?.last_tick_at?.toISOString() ?? null,
    last_tick: leader?.last_tick ?? null,
    tiers: settings.tiers.map((t) => ({ name: t.name, interval: formatDuration(t.intervalMs), interval_s: t.intervalMs / 1000 })),
    default_tier: settings.defaultTier,
    tick_s: settings.tickMs / 1000,
    window_s: settings.windowMs / 1000,
    sync_now_share: settings.syncNowShare,
    backlog: await backlog(db, settings.tiers, fallbackOf(settings), now),
  };
}

/** A schedule as the API shows it: its switch, its tier's interval, when it is next due. */
export function scheduleJson(row: ScheduleRow, tier: string, settings: SchedulerSettings) {
  const intervalMs = tierNamed(settings.tiers, tier)?.intervalMs ?? fallbackOf(settings);
  const from = row.last_synced_at ?? row.created_at;
  return {
    kind: row.kind,
    background: row.background,
    tier,
    interval_s: intervalMs / 1000,
    next_sync_at: row.background ? (row.work_left ? (row.last_run_at ?? from) : new Date(from.getTime() + intervalMs)).toISOString() : null,
    last_synced_at: row.last_synced_at?.toISOString() ?? null,
    last_run_at: row.last_run_at?.toISOString() ?? null,
    last_cost: row.last_cost,
    in_flight_job_id: row.admitted_job_id,
  };
}

export type { Tier };
