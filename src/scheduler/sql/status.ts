import type { Queryable } from "../../db/types.ts";
import type { Tier } from "../tiers.ts";
import { DUE_AT, type SyncKindName } from "./schedules.ts";

export interface TierBacklog {
  kind: SyncKindName;
  tier: string;
  /** Users with background sync on. */
  users: number;
  /** Of them, due now and not yet admitted. */
  due: number;
  in_flight: number;
  /** How late the due ones are, in seconds past their due time. */
  lateness_s: { p50: number; p95: number; max: number };
}

/** Per kind and tier: background users, due, in flight, and the lateness of the due ones. */
export async function backlog(db: Queryable, tiers: readonly Tier[], fallbackMs: number, now: Date): Promise<TierBacklog[]> {
  const { rows } = await db.query<{
    kind: SyncKindName;
    tier: string;
    users: number;
    due: number;
    in_flight: number;
    p50: number | null;
    p95: number | null;
    max: number | null;
  }>(
    `WITH s AS (
       SELECT s.kind, u.tier, s.admitted_job_id IS NOT NULL AS in_flight,
              extract(epoch FROM $3::timestamptz - ${DUE_AT}) AS late_s, s.work_left
         FROM sync_schedules s JOIN app_users u ON u.id = s.user_id
         LEFT JOIN unnest($1::text[], $2::bigint[]) AS t(name, interval_ms) ON t.name = u.tier
         CROSS JOIN LATERAL (SELECT COALESCE(s.interval_ms, t.interval_ms, $4) AS interval_ms) i
        WHERE s.background)
     SELECT kind, tier, count(*)::int AS users,
            count(*) FILTER (WHERE NOT in_flight AND (late_s >= 0 OR work_left))::int AS due,
            count(*) FILTER (WHERE in_flight)::int AS in_flight,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY late_s) FILTER (WHERE NOT in_flight AND late_s >= 0) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY late_s) FILTER (WHERE NOT in_flight AND late_s >= 0) AS p95,
            max(late_s) FILTER (WHERE NOT in_flight AND late_s >= 0) AS max
       FROM s GROUP BY kind, tier ORDER BY kind, tier`,
    [tiers.map((t) => t.name), tiers.map((t) => t.intervalMs), now, fallbackMs],
  );
  const round = (x: number | null) => Math.round((x ?? 0) * 10) / 10;
  return rows.map((r) => ({
    kind: r.kind,
    tier: r.tier,
    users: r.users,
    due: r.due,
    in_flight: r.in_flight,
    lateness_s: { p50: round(r.p50), p95: round(r.p95), max: round(r.max) },
  }));
}

/**
 * What background syncs of `kind` ask of the quota, in calls per second: each user with background
 * on, their last run's cost (or, never run, pending × `defaultCallsPerUnit`) once per their tier's
 * interval. An estimate from measured runs: users with nothing pending cost 0.
 */
export async function demandPerSecond(
  db: Queryable,
  q: { kind: string; tiers: readonly Tier[]; fallbackMs: number; defaultCallsPerUnit: number },
): Promise<number> {
  const { rows } = await db.query<{ demand: number | null }>(
    `SELECT sum(COALESCE(s.last_cost, s.pending * $5) / (COALESCE(s.interval_ms, t.interval_ms, $4) / 1000.0))::float8 AS demand
       FROM sync_schedules s JOIN app_users u ON u.id = s.user_id
       LEFT JOIN unnest($2::text[], $3::bigint[]) AS t(name, interval_ms) ON t.name = u.tier
      WHERE s.kind = $1 AND s.background`,
    [q.kind, q.tiers.map((t) => t.name), q.tiers.map((t) => t.intervalMs), q.fallbackMs, q.defaultCallsPerUnit],
  );
  return rows[0]?.demand ?? 0;
}
