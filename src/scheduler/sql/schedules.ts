import type { Queryable } from "../../db/types.ts";
import type { Tier } from "../tiers.ts";
import { stillLeads } from "./leader.ts";

/** `sync_schedules`: one row per user and sync kind (see ../tick.ts for how they are admitted). */

export type SyncKindName = "push" | "pull";

export interface ScheduleRow {
  user_id: string;
  kind: SyncKindName;
  background: boolean;
  /** The schedule's own interval (ms, as text: bigint); null: the tier's. */
  interval_ms: string | null;
  last_synced_at: Date | null;
  requested_at: Date | null;
  admitted_at: Date | null;
  admitted_job_id: string | null;
  admitted_cost: number;
  last_run_at: Date | null;
  last_cost: number | null;
  calls_per_unit: number | null;
  pending: number;
  work_left: boolean;
  created_at: Date;
}

const COLUMNS = `user_id, kind, background, interval_ms::text AS interval_ms, last_synced_at, requested_at, admitted_at, admitted_job_id::text AS admitted_job_id,
  admitted_cost, last_run_at, last_cost, calls_per_unit, pending, work_left, created_at`;

/**
 * Turns a user's background sync of one kind on or off (making the schedule if it is new), and
 * sets its own interval when `intervalMs` is given (null: back to the tier's; absent: unchanged).
 * `dueNow`: new work was set (new mirrors): due at the next tick, whatever the last sync.
 */
export async function setBackground(
  db: Queryable,
  userId: string,
  kind: SyncKindName,
  on: boolean,
  opts: { intervalMs?: number | null; dueNow?: boolean } = {},
): Promise<ScheduleRow> {
  const { rows } = await db.query<ScheduleRow>(
    `INSERT INTO sync_schedules (user_id, kind, background, interval_ms, work_left) VALUES ($1, $2, $3, $5, $6)
     ON CONFLICT (user_id, kind) DO UPDATE SET background = EXCLUDED.background,
       interval_ms = CASE WHEN $4 THEN EXCLUDED.interval_ms ELSE sync_schedules.interval_ms END,
       work_left = sync_schedules.work_left OR EXCLUDED.work_left, updated_at = now()
     RETURNING ${COLUMNS}`,
    [userId, kind, on, opts.intervalMs !== undefined, opts.intervalMs ?? null, opts.dueNow ?? false],
  );
  return rows[0] as ScheduleRow;
}

export async function schedulesOf(db: Queryable, userId: string): Promise<ScheduleRow[]> {
  const { rows } = await db.query<ScheduleRow>(`SELECT ${COLUMNS} FROM sync_schedules WHERE user_id = $1 ORDER BY kind`, [userId]);
  return rows;
}

/** The tiers as two arrays for `unnest`, with the default tier's interval for users whose tier is gone. */
const tierParams = (tiers: readonly Tier[]) => [tiers.map((t) => t.name), tiers.map((t) => t.intervalMs)];

/** SQL for the interval (ms) of a user's tier: `$tiers` and `$intervals` are unnested, `$fallback` for unknown tiers. */
const TIER_JOIN = (names: string, intervals: string) =>
  `LEFT JOIN unnest(${names}::text[], ${intervals}::bigint[]) AS t(name, interval_ms) ON t.name = u.tier`;

/** When a schedule is due: one interval (`i.interval_ms`) after its last sync; never synced, when it was made. */
export const DUE_AT = "COALESCE(s.last_synced_at + i.interval_ms * interval '1 millisecond', s.created_at)";

export interface Candidate {
  userId: string;
  tier: string;
  intervalMs: number;
  /** How late the sync is, in intervals of the user's tier (0: just due). */
  lateness: number;
  callsPerUnit: number | null;
}

/**
 * Background schedules of `kind` that are due at `now`, most late first (relative to their
 * interval: the schedule's own, or its user's tier's), not already admitted, whose user has the entitlement and an active connection to
 * the provider. Due means the last sync is at least one interval ago, or it never synced.
 */
export async function dueCandidates(
  db: Queryable,
  q: { kind: SyncKindName; provider: string; entitlement: string; tiers: readonly Tier[]; fallbackMs: number; now: Date; limit: number },
): Promise<Candidate[]> {
  const { rows } = await db.query<{ user_id: string; tier: string; interval_ms: string; lateness: number; calls_per_unit: number | null }>(
    `SELECT s.user_id, u.tier, i.interval_ms::text AS interval_ms, s.calls_per_unit,
            GREATEST(CASE WHEN s.work_left THEN 0 END, extract(epoch FROM $6::timestamptz - d.due_at) * 1000 / i.interval_ms) AS lateness
       FROM sync_schedules s
       JOIN app_users u ON u.id = s.user_id AND $3 = ANY (u.entitlements)
       ${TIER_JOIN("$4", "$5")}
       CROSS JOIN LATERAL (SELECT COALESCE(s.interval_ms, t.interval_ms, $7) AS interval_ms) i
       CROSS JOIN LATERAL (SELECT ${DUE_AT} AS due_at) d
      WHERE s.kind = $1 AND s.background AND s.admitted_job_id IS NULL
        AND (s.work_left OR d.due_at <= $6::timestamptz)
        AND EXISTS (SELECT 1 FROM connections c WHERE c.user_id = s.user_id AND c.provider = $2 AND c.status = 'active')
      ORDER BY lateness DESC, s.user_id
      LIMIT $8`,
    [q.kind, q.provider, q.entitlement, ...tierParams(q.tiers), q.now, q.fallbackMs, q.limit],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    tier: r.tier,
    intervalMs: Number(r.interval_ms),
    lateness: r.lateness,
    callsPerUnit: r.calls_per_unit,
  }));
}

/** Users whose due sync has nothing to do: synced now, without a job or a call (if `fence` still leads). */
export async function markSynced(db: Queryable, kind: SyncKindName, userIds: readonly string[], now: Date, lead: Lead): Promise<number> {
  if (userIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE sync_schedules SET last_synced_at = $3, pending = 0, work_left = false, updated_at = now()
      WHERE kind = $1 AND user_id = ANY ($2::text[]) AND admitted_job_id IS NULL AND ${stillLeads("$4", "$5", "$3")}`,
    [kind, userIds, now, lead.name, lead.fence.toString()],
  );
  return rowCount ?? 0;
}

/** Who may write for the scheduler: the leader's name and fence. */
export interface Lead {
  name: string;
  fence: bigint;
}

/**
 * Records that a Sync now's run of the user's sync is in the queue (`jobId`), expected to cost
 * `cost` calls for `pending` units of work, so the next tick counts it. (A tick records its own
 * admissions with `recordAdmissions`, fenced.)
 */
export async function recordAdmission(
  db: Queryable,
  a: { kind: SyncKindName; userId: string; jobId: string; cost: number; pending: number; now: Date; requested?: boolean },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO sync_schedules AS s (user_id, kind, admitted_job_id, admitted_cost, admitted_at, pending, requested_at)
     SELECT $1::text, $2::text, $3::bigint, $4::int, $5::timestamptz, $6::int, CASE WHEN $7::boolean THEN $5::timestamptz END
     ON CONFLICT (user_id, kind) DO UPDATE SET admitted_job_id = EXCLUDED.admitted_job_id, admitted_cost = EXCLUDED.admitted_cost,
       admitted_at = EXCLUDED.admitted_at, pending = EXCLUDED.pending,
       requested_at = COALESCE(EXCLUDED.requested_at, s.requested_at), updated_at = now()`,
    [a.userId, a.kind, a.jobId, a.cost, a.now, a.pending, a.requested ?? false],
  );
  return (rowCount ?? 0) > 0;
}

/** A background run the tick put in the queue: whose, its job, its estimated cost and work. */
export interface Admission {
  userId: string;
  jobId: string;
  cost: number;
  pending: number;
}

/**
 * Records a tick's admissions in one statement, only while `lead` still leads at `now` (the fence
 * check is part of the statement). Returns the users recorded: none when the lead was lost.
 */
export async function recordAdmissions(
  db: Queryable,
  kind: SyncKindName,
  admissions: readonly Admission[],
  now: Date,
  lead: Lead,
): Promise<string[]> {
  if (admissions.length === 0) return [];
  const { rows } = await db.query<{ user_id: string }>(
    `INSERT INTO sync_schedules AS s (user_id, kind, admitted_job_id, admitted_cost, admitted_at, pending)
     SELECT a.user_id, $1::text, a.job_id, a.cost, $2::timestamptz, a.pending
       FROM unnest($3::text[], $4::bigint[], $5::int[], $6::int[]) AS a(user_id, job_id, cost, pending)
      WHERE ${stillLeads("$7", "$8", "$2")}
     ON CONFLICT (user_id, kind) DO UPDATE SET admitted_job_id = EXCLUDED.admitted_job_id, admitted_cost = EXCLUDED.admitted_cost,
       admitted_at = EXCLUDED.admitted_at, pending = EXCLUDED.pending, updated_at = now()
     RETURNING s.user_id`,
    [
      kind,
      now,
      admissions.map((a) => a.userId),
      admissions.map((a) => a.jobId),
      admissions.map((a) => a.cost),
      admissions.map((a) => a.pending),
      lead.name,
      lead.fence.toString(),
    ],
  );
  return rows.map((r) => r.user_id);
}

/** Calls the runs in flight are expected to spend (admitted, not yet ended). */
export async function inFlightCost(db: Queryable, kind: SyncKindName): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT COALESCE(sum(admitted_cost), 0)::int AS n FROM sync_schedules WHERE kind = $1 AND admitted_job_id IS NOT NULL",
    [kind],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Forgets admissions whose job is no longer live (it ended without reporting: dead-lettered, or
 * its worker died for good), so the user becomes due again. Returns how many.
 */
export async function forgetEndedAdmissions(db: Queryable, kind: SyncKindName, now: Date, lead: Lead): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE sync_schedules s SET admitted_job_id = NULL, admitted_cost = 0, updated_at = now()
      WHERE s.kind = $1 AND s.admitted_job_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = s.admitted_job_id)
        AND ${stillLeads("$2", "$3", "$4")}`,
    [kind, lead.name, lead.fence.toString(), now],
  );
  return rowCount ?? 0;
}

/**
 * A run of the user's sync ended: what it cost, how many units it did, whether it left work
 * behind. The sync counts as done as of `startedAt` (changes after it are for the next run); work
 * left (the run stopped at its call budget) makes it due again at once. The measured calls per
 * unit are smoothed.
 */
export async function recordRunEnd(
  db: Queryable,
  r: {
    kind: SyncKindName;
    userId: string;
    jobId: string;
    calls: number;
    units: number;
    startedAt: Date;
    now: Date;
    workLeft: boolean;
    /** False for a run that did only part of the sync (one database asked for): the schedule's last sync stays. */
    synced?: boolean;
  },
): Promise<void> {
  const synced = r.synced ?? true;
  await db.query(
    `INSERT INTO sync_schedules AS s (user_id, kind, last_synced_at, last_run_at, last_cost, calls_per_unit, work_left)
     SELECT $1::text, $2::text, CASE WHEN $9::boolean THEN $6::timestamptz END, $7::timestamptz, $4::int,
            CASE WHEN $5::int > 0 THEN $4::real / $5::int END, $8::boolean
       WHERE EXISTS (SELECT 1 FROM app_users WHERE id = $1)
     ON CONFLICT (user_id, kind) DO UPDATE SET
       last_synced_at = CASE WHEN $9 THEN GREATEST(s.last_synced_at, EXCLUDED.last_synced_at) ELSE s.last_synced_at END,
       work_left = CASE WHEN $9 THEN $8 ELSE s.work_left END,
       last_run_at = EXCLUDED.last_run_at, last_cost = EXCLUDED.last_cost,
       calls_per_unit = CASE WHEN $5 > 0 THEN COALESCE(0.7 * s.calls_per_unit + 0.3 * EXCLUDED.calls_per_unit, EXCLUDED.calls_per_unit)
                             ELSE s.calls_per_unit END,
       requested_at = CASE WHEN s.requested_at <= $6 THEN NULL ELSE s.requested_at END,
       admitted_job_id = CASE WHEN s.admitted_job_id = $3::bigint THEN NULL ELSE s.admitted_job_id END,
       admitted_cost = CASE WHEN s.admitted_job_id = $3::bigint THEN 0 ELSE s.admitted_cost END,
       pending = CASE WHEN $8 OR NOT $9 THEN s.pending ELSE 0 END,
       updated_at = now()`,
    [r.userId, r.kind, r.jobId, r.calls, r.units, r.startedAt, r.now, r.workLeft, synced],
  );
}
