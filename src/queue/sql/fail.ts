import type { Queryable } from "../../db/types.ts";
import { toSql } from "../transitions.ts";
import type { FailureRecord, JobId } from "../types.ts";
import { archiveSql, OWNER_MATCH } from "./rows.ts";

// $1 ids, $2 attempts, $3 worker, $4 retry_at[], $5 error[], $6 reason[], $7 now.
const FAIL = `WITH o AS (
  SELECT * FROM unnest($1::bigint[], $2::int[], $4::timestamptz[], $5::jsonb[], $6::text[])
    AS o(id, attempts, retry_at, error, reason)
), retried AS (
  UPDATE jobs j SET status = ${toSql("retry")}, run_at = o.retry_at, worker_id = NULL, leased_at = NULL,
    lease_expires_at = NULL, last_error = o.error
  FROM o WHERE ${OWNER_MATCH} AND o.retry_at IS NOT NULL
  RETURNING j.id
), dead AS (
  DELETE FROM jobs j USING o
  WHERE ${OWNER_MATCH} AND o.retry_at IS NULL
  RETURNING j.*, o.error AS new_error, o.reason
), moved AS (
  ${archiveSql("dead", toSql("deadLetter"), "$7", "reason", "new_error")}
  RETURNING id
)
SELECT id::text AS id, 'retried' AS outcome FROM retried
UNION ALL
SELECT id::text, 'dead_letter' FROM moved`;

export type FailOutcome = "retried" | "dead_letter";

/** Applies failures (retry at a time, or dead letter) to owned jobs; unlisted ids had lost their lease. */
export async function failJobs(db: Queryable, workerId: string, failures: FailureRecord[], now: Date): Promise<Map<JobId, FailOutcome>> {
  if (failures.length === 0) return new Map();
  const res = await db.query<{ id: string; outcome: FailOutcome }>(
    FAIL,
    [
      failures.map((f) => f.id),
      failures.map((f) => f.attempts),
      workerId,
      failures.map((f) => f.retryAt),
      failures.map((f) => JSON.stringify(f.error)),
      failures.map((f) => f.deadLetterReason),
      now,
    ],
    { name: "ferry_fail" },
  );
  return new Map(res.rows.map((r) => [r.id, r.outcome]));
}
