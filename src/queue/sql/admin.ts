import type { Queryable } from "../../db/types.ts";
import type { DeadLetterReason } from "../../errors.ts";
import { fromSql, JOB_STATUSES, type JobStatus, toSql } from "../transitions.ts";
import type { JobId, JobRecord } from "../types.ts";
import { archiveSql, CLAIMED_RETURNING, type RecordRow, toJobRecord } from "./rows.ts";

const RECORD_COLUMNS = `${CLAIMED_RETURNING}, j.status, j.worker_id, j.lease_expires_at, j.last_error,
  j.finished_at, j.dead_lettered_at, j.dead_letter_reason`;

export interface QueueStats {
  /** Jobs per status, all types together; every status is present. */
  byStatus: Record<JobStatus, number>;
  /** Jobs per type and status. */
  byType: Array<{ type: string; status: JobStatus; count: number }>;
  /** Queued jobs whose run_at is still in the future (retries waiting, delayed jobs). */
  scheduled: number;
  /** How long the oldest runnable queued job has been waiting, in seconds (0 when none). */
  oldestQueuedAgeSeconds: number;
  oldestQueuedRunAt: Date | null;
}

const STATS = `SELECT status, type, count(*)::int AS count FROM jobs GROUP BY status, type
UNION ALL SELECT status, type, count(*)::int FROM jobs_finished GROUP BY status, type`;

const OLDEST = `SELECT min(run_at) AS oldest, count(*) FILTER (WHERE run_at > $1)::int AS scheduled
FROM jobs WHERE status = 'queued'`;

const OLDEST_RUNNABLE = `SELECT min(run_at) AS oldest FROM jobs WHERE status = 'queued' AND run_at <= $1`;

/** Counts per status and type, and the age of the oldest runnable queued job, in one call. */
export async function queueStats(db: Queryable, now: Date): Promise<QueueStats> {
  const [counts, oldest, runnable] = await Promise.all([
    db.query<{ status: JobStatus; type: string; count: number }>(STATS),
    db.query<{ scheduled: number }>(OLDEST, [now]),
    db.query<{ oldest: Date | null }>(OLDEST_RUNNABLE, [now]),
  ]);
  const byStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const r of counts.rows) byStatus[r.status] += r.count;
  const oldestRunAt = runnable.rows[0]?.oldest ? new Date(runnable.rows[0].oldest) : null;
  return {
    byStatus,
    byType: counts.rows.sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
    scheduled: oldest.rows[0]?.scheduled ?? 0,
    oldestQueuedAgeSeconds: oldestRunAt ? Math.max(0, (now.getTime() - oldestRunAt.getTime()) / 1000) : 0,
    oldestQueuedRunAt: oldestRunAt,
  };
}

export interface ListFilter {
  status?: JobStatus;
  type?: string;
  queue?: string;
  /** Only jobs with an id below this (pagination: pass the last id of the previous page). */
  beforeId?: JobId;
  limit: number;
}

/** Jobs newest first, live or finished. */
export async function listJobs(db: Queryable, f: ListFilter): Promise<JobRecord[]> {
  const res = await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS}
     FROM all_jobs j
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR type = $2) AND ($3::text IS NULL OR queue = $3)
       AND ($4::bigint IS NULL OR id < $4)
     ORDER BY id DESC LIMIT $5`,
    [f.status ?? null, f.type ?? null, f.queue ?? null, f.beforeId ?? null, f.limit],
  );
  return res.rows.map(toJobRecord);
}

export async function getJob(db: Queryable, id: JobId): Promise<JobRecord | undefined> {
  const res = await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS}
     FROM all_jobs j WHERE id = $1`,
    [id],
  );
  return res.rows[0] ? toJobRecord(res.rows[0]) : undefined;
}

/** The live (queued or processing) jobs holding any of these dedupe keys: at most one per key. */
export async function liveByDedupeKey(
  db: Queryable,
  keys: readonly string[],
): Promise<Array<{ id: JobId; status: "queued" | "processing"; dedupeKey: string }>> {
  const { rows } = await db.query<{ id: string; status: "queued" | "processing"; dedupe_key: string }>(
    "SELECT id::text AS id, status, dedupe_key FROM jobs WHERE dedupe_key = ANY($1::text[]) ORDER BY id",
    [keys],
  );
  return rows.map((r) => ({ id: r.id as JobId, status: r.status, dedupeKey: r.dedupe_key }));
}

export interface DeadLetterSelector {
  /** Specific dead letters; omit to select by type (or all). */
  ids?: JobId[];
  type?: string;
}

function selector(s: DeadLetterSelector): [string, unknown[]] {
  return [
    `status IN (${fromSql("replay")}) AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) AND ($2::text IS NULL OR type = $2)`,
    [s.ids ?? null, s.type ?? null],
  ];
}

/**
 * Replays dead letters: back to `queued`, attempts reset, run now. A dead letter whose dedupe key
 * is held by a live job stays where it is and is reported as skipped.
 */
export async function replayDeadLetters(db: Queryable, s: DeadLetterSelector, now: Date): Promise<{ replayed: JobId[]; skipped: JobId[] }> {
  const [where, params] = selector(s);
  const res = await db.query<{ id: string; replayed: boolean }>(
    `WITH picked AS (
       SELECT * FROM jobs_finished WHERE ${where} ORDER BY id FOR UPDATE
     ), ins AS (
       INSERT INTO jobs (id, queue, type, payload, status, priority, run_at, attempts, max_attempts, dedupe_key, last_error, created_at)
       SELECT id, queue, type, payload, ${toSql("replay")}, priority, $3, 0, max_attempts, dedupe_key, last_error, created_at FROM picked
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id
     ), del AS (
       DELETE FROM jobs_finished f USING ins WHERE f.id = ins.id RETURNING f.id
     )
     SELECT picked.id::text AS id, (del.id IS NOT NULL) AS replayed FROM picked LEFT JOIN del ON del.id = picked.id`,
    [...params, now],
  );
  return {
    replayed: res.rows.filter((r) => r.replayed).map((r) => r.id),
    skipped: res.rows.filter((r) => !r.replayed).map((r) => r.id),
  };
}

/** Deletes dead letters for good. */
export async function discardDeadLetters(db: Queryable, s: DeadLetterSelector): Promise<JobId[]> {
  const [where, params] = selector(s);
  const res = await db.query<{ id: string }>(`DELETE FROM jobs_finished WHERE ${where} RETURNING id::text AS id`, params);
  return res.rows.map((r) => r.id);
}

/**
 * Deletes finished jobs older than their retention, in bounded batches so a large backlog never
 * holds one long transaction. `null` keeps that kind forever.
 */
export async function cleanupFinished(
  db: Queryable,
  cutoffs: { completedBefore: Date | null; deadLetteredBefore: Date | null },
  batch = 5000,
): Promise<{ completed: number; deadLettered: number }> {
  const out = { completed: 0, deadLettered: 0 };
  const kinds = [
    ["completed", cutoffs.completedBefore],
    ["dead_letter", cutoffs.deadLetteredBefore],
  ] as const;
  for (const [status, before] of kinds) {
    if (!before) continue;
    for (;;) {
      const res = await db.query(
        `DELETE FROM jobs_finished WHERE id IN (
           SELECT id FROM jobs_finished WHERE status = $1 AND finished_at < $2 LIMIT $3)`,
        [status, before, batch],
      );
      if (status === "completed") out.completed += res.rowCount;
      else out.deadLettered += res.rowCount;
      if (res.rowCount < batch) break;
    }
  }
  return out;
}

// $1 payload key, $2 value, $3 reason, $4 now.
const CANCEL = `WITH dead AS (
  DELETE FROM jobs j WHERE j.status IN (${fromSql("cancel")}) AND j.payload ->> $1 = $2
  RETURNING j.*, jsonb_build_object('code', $3::text, 'message', 'cancelled: ' || $3::text, 'attempt', j.attempts, 'at', $4::timestamptz) AS new_error
), moved AS (
  ${archiveSql("dead", toSql("cancel"), "$4", "$3", "new_error")}
  RETURNING id
) SELECT id::text FROM moved`;

/**
 * Dead-letters the queued jobs whose payload has `key` = `value` (e.g. every job of a revoked
 * connection) with `reason`; jobs already running finish or fail on their own.
 */
export async function cancelQueuedJobs(db: Queryable, key: string, value: string, reason: DeadLetterReason, now: Date): Promise<JobId[]> {
  const { rows } = await db.query<{ id: string }>(CANCEL, [key, value, reason, now]);
  return rows.map((r) => r.id as JobId);
}
