import type { Queryable } from "../../../db/types.ts";
import type { PullRequest, PullRun, RunError, RunStatus, RunTrigger } from "../runs.ts";

/** `pull_runs`: one row per run, read with its job's fate (`jobs_finished`). */

interface RunRow {
  id: string;
  user_id: string;
  trigger: RunTrigger;
  request: PullRequest;
  job_id: string | null;
  status: RunStatus;
  progress: unknown;
  result: unknown;
  error: RunError | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  job_status: string | null;
  dead_letter_reason: string | null;
}

const fromRow = (r: RunRow): PullRun => ({
  id: r.id,
  userId: r.user_id,
  trigger: r.trigger,
  request: r.request,
  jobId: r.job_id === null ? null : String(r.job_id),
  status: r.status,
  progress: r.progress,
  result: r.result,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** A run whose job was dead-lettered without finishing it (its worker died on every attempt) reads as failed. */
const toRun = (r: RunRow): PullRun =>
  r.finished_at === null && r.job_status === "dead_letter"
    ? {
        ...fromRow(r),
        status: "failed",
        error: { code: "dead_letter", message: `the run's job was dead-lettered (${r.dead_letter_reason})` },
      }
    : fromRow(r);

const SELECT_RUN = `SELECT r.*, f.status AS job_status, f.dead_letter_reason
  FROM pull_runs r LEFT JOIN jobs_finished f ON f.id = r.job_id`;

export async function createRun(
  db: Queryable,
  run: { id: string; userId: string; trigger: RunTrigger; request: PullRequest; jobId?: string; at: Date },
): Promise<void> {
  await db.query("INSERT INTO pull_runs (id, user_id, trigger, request, job_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)", [
    run.id,
    run.userId,
    run.trigger,
    JSON.stringify(run.request),
    run.jobId ?? null,
    run.at,
  ]);
}

export async function getRun(db: Queryable, id: string): Promise<PullRun | null> {
  const { rows } = await db.query<RunRow>(`${SELECT_RUN} WHERE r.id = $1`, [id]);
  return rows[0] ? toRun(rows[0]) : null;
}

/** The run a live job carries (its payload's `run_id`), when it has one. */
export async function runIdOfJob(db: Queryable, jobId: string): Promise<string | null> {
  const { rows } = await db.query<{ run_id: string | null }>("SELECT payload ->> 'run_id' AS run_id FROM jobs WHERE id = $1", [jobId]);
  return rows[0]?.run_id ?? null;
}

/** Marks the run running (again, on a retry of its job); a finished run is left as it is. Returns whether it may run. */
export async function startRun(db: Queryable, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE pull_runs SET status = 'running', started_at = coalesce(started_at, $2), error = NULL WHERE id = $1 AND finished_at IS NULL",
    [id, at],
  );
  return rowCount === 1;
}

export async function setRunProgress(db: Queryable, id: string, progress: unknown): Promise<void> {
  await db.query("UPDATE pull_runs SET progress = $2 WHERE id = $1 AND finished_at IS NULL", [id, JSON.stringify(progress)]);
}

/** Records a failed attempt that will be retried: the run stays open, with the error shown. */
export async function setRunError(db: Queryable, id: string, error: RunError): Promise<void> {
  await db.query("UPDATE pull_runs SET error = $2 WHERE id = $1 AND finished_at IS NULL", [id, JSON.stringify(error)]);
}

export async function finishRun(
  db: Queryable,
  id: string,
  outcome: { status: "completed"; result: unknown; at: Date } | { status: "failed"; error: RunError; at: Date },
): Promise<void> {
  await db.query("UPDATE pull_runs SET status = $2, result = $3, error = $4, finished_at = $5 WHERE id = $1 AND finished_at IS NULL", [
    id,
    outcome.status,
    outcome.status === "completed" ? JSON.stringify(outcome.result) : null,
    outcome.status === "failed" ? JSON.stringify(outcome.error) : null,
    outcome.at,
  ]);
}

/** The user's latest runs, newest first. */
export async function listRuns(db: Queryable, userId: string, limit = 20): Promise<PullRun[]> {
  const { rows } = await db.query<RunRow>(`${SELECT_RUN} WHERE r.user_id = $1 ORDER BY r.created_at DESC, r.id LIMIT $2`, [userId, limit]);
  return rows.map(toRun);
}

/** Deletes runs finished before `before`. */
export async function deleteOldRuns(db: Queryable, before: Date): Promise<number> {
  return (await db.query("DELETE FROM pull_runs WHERE finished_at < $1", [before])).rowCount;
}
