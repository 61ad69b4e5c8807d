import type { Queryable } from "../db/types.ts";
import type { ProviderSet } from "../providers/registry.ts";
import { SYNC_KINDS, type SyncKind } from "./kinds.ts";
import { SCHEDULER } from "./leader.ts";
import { fallbackIntervalMs, type SchedulerSettings } from "./settings.ts";
import { leaderRow } from "./sql/leader.ts";
import type { ScheduleRow } from "./sql/schedules.ts";
import { backlog, demandPerSecond } from "./sql/status.ts";
import { DEFAULT_QUOTA } from "./tick.ts";
import { formatDuration, type Tier, tierNamed } from "./tiers.ts";

/** Per kind: the quota background syncs may use, what they ask of it, and whether it covers them. */
async function capacity(db: Queryable, settings: SchedulerSettings, kinds: readonly SyncKind[], providers: ProviderSet | undefined) {
  const out = [];
  for (const kind of kinds) {
    const quota = providers?.get(kind.provider.id)?.quota?.perSecond ?? DEFAULT_QUOTA;
    const available = quota * (1 - settings.syncNowShare);
    const demand = await demandPerSecond(db, {
      kind: kind.name,
      tiers: settings.tiers,
      fallbackMs: fallbackIntervalMs(settings),
      defaultCallsPerUnit: kind.callsPerUnit,
    });
    const covers = demand > 0 ? Math.min(1, available / demand) : 1;
    out.push({
      kind: kind.name,
      quota_per_s: quota,
      background_per_s: Math.round(available * 100) / 100,
      demand_per_s: Math.round(demand * 100) / 100,
      capacity_ratio: demand > 0 ? Math.round((available / demand) * 100) / 100 : null,
      status: covers < 1 ? `over capacity: the quota covers ${Math.round(covers * 100)}% of demand` : "within capacity",
    });
  }
  return out;
}

/** GET /v1/scheduler: who leads, what the last tick did, the backlog per kind and tier, the capacity per kind. */
export async function schedulerStatus(
  db: Queryable,
  settings: SchedulerSettings,
  now: Date,
  opts: { providers?: ProviderSet; kinds?: readonly SyncKind[] } = {},
) {
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
    backlog: await backlog(db, settings.tiers, fallbackIntervalMs(settings), now),
    capacity: await capacity(db, settings, opts.kinds ?? SYNC_KINDS, opts.providers),
  };
}

/** A schedule as the API shows it: its switch, its tier's interval, when it is next due. */
export function scheduleJson(row: ScheduleRow, tier: string, settings: SchedulerSettings) {
  const intervalMs =
    row.interval_ms !== null ? Number(row.interval_ms) : (tierNamed(settings.tiers, tier)?.intervalMs ?? fallbackIntervalMs(settings));
  const due = row.last_synced_at ? new Date(row.last_synced_at.getTime() + intervalMs) : row.created_at;
  return {
    kind: row.kind,
    background: row.background,
    tier,
    interval_s: intervalMs / 1000,
    interval_from: row.interval_ms !== null ? ("schedule" as const) : ("tier" as const),
    next_sync_at: row.background ? (row.work_left ? (row.last_run_at ?? due) : due).toISOString() : null,
    last_synced_at: row.last_synced_at?.toISOString() ?? null,
    last_run_at: row.last_run_at?.toISOString() ?? null,
    last_cost: row.last_cost,
    in_flight_job_id: row.admitted_job_id,
  };
}

export type { Tier };
