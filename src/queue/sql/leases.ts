import type { Queryable } from "../../db/types.ts";
import { fromSql, toSql } from "../transitions.ts";
import type { JobId } from "../types.ts";
import { archiveSql, OWNED_TIDS, OWNER_MATCH } from "./rows.ts";

export interface Held {
  id: JobId;
  attempts: number;
}

const EXTEND = `UPDATE jobs j SET lease_expires_at = $4
WHERE j.ctid = ANY(${OWNED_TIDS})
RETURNING j.id::text AS id`;

/** Heartbeat: extends every lease this worker still holds in one statement; returns the ones it holds. */
export async function extendLeases(db: Queryable, workerId: string, held: Held[], expiresAt: Date): Promise<Set<JobId>> {
  if (held.length === 0) return new Set();
  const res = await db.query<{ id: string }>(EXTEND, [held.map((h) => h.id), held.map((h) => h.attempts), workerId, expiresAt], {
    name: "ferry_extend_leases",
  });
  return new Set(res.rows.map((r) => r.id));
}

const RELEASE = `UPDATE jobs j SET status = ${toSql("release")}, worker_id = NULL, leased_at = NULL, lease_expires_at = NULL,
  run_at = $5, attempts = j.attempts - CASE WHEN o.started THEN 0 ELSE 1 END
FROM unnest($1::bigint[], $2::int[], $4::boolean[]) AS o(id, attempts, started)
WHERE ${OWNER_MATCH}
RETURNING j.id::text AS id`;

/**
 * Gives leased jobs back to the queue (shutdown). A job that never started gets its attempt
 * back; one that was interrupted keeps it, so a job that always outlives the grace period
 * still reaches its dead letter.
 */
export async function releaseJobs(db: Queryable, workerId: string, held: Array<Held & { started: boolean }>, now: Date): Promise<number> {
  if (held.length === 0) return 0;
  const res = await db.query(RELEASE, [held.map((h) => h.id), held.map((h) => h.attempts), workerId, held.map((h) => h.started), now]);
  return res.rowCount;
}

// $1 now, $2 limit.
const REAP = `WITH expired AS (
  SELECT id FROM jobs WHERE status IN (${fromSql("leaseExpired")}) AND lease_expires_at < $1
  ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
), requeued AS (
  UPDATE jobs j SET status = ${toSql("leaseExpired")}, worker_id = NULL, leased_at = NULL, lease_expires_at = NULL, run_at = $1,
    last_error = jsonb_build_object('code', 'lease_expired', 'message', 'the worker stopped renewing its lease', 'attempt', j.attempts, 'at', $1::timestamptz)
  FROM expired e WHERE j.id = e.id AND j.attempts < j.max_attempts
  RETURNING j.id
), dead AS (
  DELETE FROM jobs j USING expired e WHERE j.id = e.id AND j.attempts >= j.max_attempts
  RETURNING j.*, jsonb_build_object('code', 'lease_expired', 'message', 'the worker stopped renewing its lease', 'attempt', j.attempts, 'at', $1::timestamptz) AS new_error
), moved AS (
  ${archiveSql("dead", toSql("leaseExpiredFinal"), "$1", "'max_attempts_reached'", "new_error")}
  RETURNING id
)
SELECT (SELECT count(*) FROM requeued)::int AS requeued, (SELECT count(*) FROM moved)::int AS dead_lettered`;

/**
 * Expired leases go back to `queued` (their worker died or stalled); at max attempts they are
 * dead-lettered instead, so a job that kills its worker every time cannot loop forever.
 */
export async function reapExpiredLeases(db: Queryable, now: Date, limit = 1000): Promise<{ requeued: number; deadLettered: number }> {
  const res = await db.query<{ requeued: number; dead_lettered: number }>(REAP, [now, limit], { name: "ferry_reap" });
  const row = res.rows[0];
  return { requeued: row?.requeued ?? 0, deadLettered: row?.dead_lettered ?? 0 };
}
