import { fromSql, type JobStatus } from "../transitions.ts";
import type { ClaimedJob, JobRecord } from "../types.ts";

/** Columns a worker needs after a claim (times as epoch milliseconds: much cheaper to parse). */
export const CLAIMED_COLUMNS = "id, queue, type, payload, priority, attempts, max_attempts, run_at_ms, created_at_ms, dedupe_key";

/** The same as expressions over a jobs row aliased `j` (RETURNING lists, admin queries). */
export const CLAIMED_RETURNING =
  "j.id::text AS id, j.queue, j.type, j.payload, j.priority, j.attempts, j.max_attempts, " +
  "extract(epoch FROM j.run_at)::float8 * 1000 AS run_at_ms, extract(epoch FROM j.created_at)::float8 * 1000 AS created_at_ms, j.dedupe_key";

export interface ClaimedWireRow {
  id: string;
  queue: string;
  type: string;
  payload: unknown;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at_ms: number;
  created_at_ms: number;
  dedupe_key: string | null;
}

export function fromClaimedRow(r: ClaimedWireRow): ClaimedJob {
  return {
    id: r.id,
    queue: r.queue,
    type: r.type,
    payload: r.payload,
    priority: r.priority,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: new Date(r.run_at_ms),
    createdAt: new Date(r.created_at_ms),
    dedupeKey: r.dedupe_key,
  };
}

export interface RecordRow extends ClaimedWireRow {
  status: JobStatus;
  worker_id: string | null;
  lease_expires_at: Date | null;
  last_error: unknown;
  finished_at: Date | null;
  dead_lettered_at: Date | null;
  dead_letter_reason: string | null;
}

const date = (v: Date | null) => (v === null ? null : new Date(v));

export function toJobRecord(r: RecordRow): JobRecord {
  return {
    ...fromClaimedRow(r),
    status: r.status,
    workerId: r.worker_id,
    leaseExpiresAt: date(r.lease_expires_at),
    lastError: r.last_error,
    finishedAt: date(r.finished_at),
    deadLetteredAt: date(r.dead_lettered_at),
    deadLetterReason: r.dead_letter_reason,
  };
}

/**
 * The owner check of fail and release, which join the job rows with per-job input `o` (retry time,
 * error, started flag): id, attempt and worker must all match, and the job must be in the status
 * those transitions leave from (a unit test holds the table to that). Complete and heartbeat, which
 * need no per-job input, use OWNED_TIDS below. `j.id = ANY($1)` (the ids are always $1) gives the planner
 * a primary-key lookup; without it, it may scan a partial index full of dead entries instead.
 */
export const OWNER_MATCH = `j.id = ANY($1::bigint[]) AND j.id = o.id AND j.attempts = o.attempts AND j.worker_id = $3 AND j.status IN (${fromSql("complete")})`;

/**
 * The row versions this worker owns, found by one primary-key probe per job ($1 ids, $2 attempts,
 * $3 worker), as an array of ctids for a TID scan. This plan does not depend on table statistics:
 * a join of the table with unnest() can degrade into a nested loop over the whole batch when the
 * planner has none (PGlite never auto-analyzes; a fresh server table may not have been yet); the
 * `LIMIT 1` (ids are unique) keeps the planner from flattening the probe back into such a join.
 * No status test is needed, nor wanted (it would let a partial index compete with the primary key):
 * the constraint jobs_worker_while_processing guarantees a row has a worker_id only while it is
 * processing, the status every owner-checked transition leaves from. A row
 * changed by someone else after the probe has a new ctid, so the statement skips it: the safe side.
 */
export const OWNED_TIDS = `ARRAY(SELECT x.ctid FROM unnest($1::bigint[], $2::int[]) AS o(id, attempts),
  LATERAL (SELECT ctid FROM jobs x WHERE x.id = o.id AND x.attempts = o.attempts AND x.worker_id = $3 LIMIT 1) x)`;

/** Moves the rows of CTE `src` (with `j.*` columns) into jobs_finished as `status`. */
export function archiveSql(src: string, status: string, finishedAt: string, reason = "NULL", error = "last_error"): string {
  return `INSERT INTO jobs_finished (id, queue, type, payload, status, priority, run_at, attempts, max_attempts,
      dedupe_key, worker_id, last_error, created_at, finished_at, dead_lettered_at, dead_letter_reason)
    SELECT id, queue, type, payload, ${status}, priority, run_at, attempts, max_attempts,
      dedupe_key, worker_id, ${error}, created_at, ${finishedAt},
      ${status === "'dead_letter'" ? finishedAt : "NULL"}, ${reason}
    FROM ${src}`;
}
