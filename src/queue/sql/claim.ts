import type { Queryable } from "../../db/types.ts";
import { fromSql, toSql } from "../transitions.ts";
import type { ClaimedJob, JobId } from "../types.ts";
import { archiveSql, CLAIMED_COLUMNS, CLAIMED_RETURNING, type ClaimedWireRow, fromClaimedRow, OWNED_TIDS } from "./rows.ts";

export interface ClaimParams {
  workerId: string;
  queue: string;
  types: string[];
  limit: number;
  now: Date;
  leaseExpiresAt: Date;
}

export interface Completion {
  id: JobId;
  attempts: number;
}

/** Claim CTEs `next` and `claimed`; `p` names the parameter slots so statements can share them. */
function claimCtes(p: { worker: string; queue: string; types: string; limit: string; now: string; expires: string }): string {
  return `next AS (
  SELECT id FROM jobs
  WHERE status IN (${fromSql("claim")}) AND queue = ${p.queue} AND run_at <= ${p.now} AND type = ANY(${p.types}::text[])
  ORDER BY priority DESC, run_at, id
  LIMIT ${p.limit}
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE jobs j SET status = ${toSql("claim")}, worker_id = ${p.worker}, attempts = j.attempts + 1,
    leased_at = ${p.now}, lease_expires_at = ${p.expires}
  FROM next WHERE j.id = next.id
  RETURNING ${CLAIMED_RETURNING}
)`;
}

/**
 * Completion CTEs `done` (owned rows deleted from the live table) and `kept` (archived to
 * jobs_finished when `keep` is true). Owner check: $1 ids, $2 attempts, $3 worker.
 */
function completeCtes(p: { now: string; keep: string }): string {
  return `done AS (
  DELETE FROM jobs j WHERE j.ctid = ANY(${OWNED_TIDS})
  RETURNING j.*
), kept AS (
  ${archiveSql("done", toSql("complete"), p.now)} WHERE ${p.keep}::boolean
  RETURNING id
)`;
}

const CLAIM_ONLY = `WITH ${claimCtes({ worker: "$1", queue: "$2", types: "$3", limit: "$4", now: "$5", expires: "$6" })}
SELECT 'claimed' AS kind, ${CLAIMED_COLUMNS} FROM claimed`;

const COMPLETE_AND_CLAIM = `WITH ${completeCtes({ now: "$7", keep: "$9" })},
${claimCtes({ worker: "$3", queue: "$4", types: "$5", limit: "$6", now: "$7", expires: "$8" })}
SELECT 'claimed' AS kind, ${CLAIMED_COLUMNS} FROM claimed
UNION ALL
SELECT 'completed', id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM done`;

const COMPLETE_ONLY = `WITH ${completeCtes({ now: "$4", keep: "$5" })}
SELECT id::text AS id FROM done`;

type Row = ClaimedWireRow & { kind: "claimed" | "completed" };

export interface ClaimResult {
  claimed: ClaimedJob[];
  /** Ids of the completions that applied; the others had lost their lease. */
  completed: Set<JobId>;
}

/**
 * One round trip: completes the given jobs (owner-checked) and claims up to `limit` new ones
 * with `FOR UPDATE SKIP LOCKED`. With no completions it is a plain batched claim.
 */
export async function completeAndClaim(
  db: Queryable,
  p: ClaimParams,
  completions: Completion[],
  keepCompleted: boolean,
): Promise<ClaimResult> {
  const claim = [p.queue, p.types, p.limit, p.now, p.leaseExpiresAt];
  const res =
    completions.length === 0
      ? await db.query<Row>(CLAIM_ONLY, [p.workerId, ...claim], { name: "ferry_claim" })
      : await db.query<Row>(
          COMPLETE_AND_CLAIM,
          [completions.map((c) => c.id), completions.map((c) => c.attempts), p.workerId, ...claim, keepCompleted],
          { name: "ferry_complete_and_claim" },
        );
  const claimed: ClaimedJob[] = [];
  const completed = new Set<JobId>();
  for (const r of res.rows) {
    if (r.kind === "claimed") claimed.push(fromClaimedRow(r));
    else completed.add(String(r.id));
  }
  return { claimed, completed };
}

/** Completes owned jobs without claiming more; returns the ids that applied. */
export async function completeJobs(
  db: Queryable,
  workerId: string,
  completions: Completion[],
  now: Date,
  keepCompleted: boolean,
): Promise<Set<JobId>> {
  if (completions.length === 0) return new Set();
  const res = await db.query<{ id: string }>(
    COMPLETE_ONLY,
    [completions.map((c) => c.id), completions.map((c) => c.attempts), workerId, now, keepCompleted],
    { name: "ferry_complete" },
  );
  return new Set(res.rows.map((r) => r.id));
}
