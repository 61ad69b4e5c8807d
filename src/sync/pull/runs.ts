/** One pull run (`pull_runs`): what was asked, its progress, and its outcome. */

export type RunTrigger = "api" | "schedule" | "cli";
export type RunStatus = "queued" | "running" | "completed" | "failed";

/** What a run pulls: one database (by id or name), one stored mirror, some (the scheduler's), or everything the user chose. */
export interface PullRequest {
  databaseId?: string;
  databaseName?: string;
  mirrorId?: string;
  /** The stored mirrors that were due when the scheduler admitted the run. */
  mirrorIds?: string[];
  full?: boolean;
}

export interface RunError {
  code: string;
  message: string;
}

export interface PullRun {
  id: string;
  userId: string;
  trigger: RunTrigger;
  request: PullRequest;
  jobId: string | null;
  status: RunStatus;
  progress: unknown;
  result: unknown;
  error: RunError | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** For the edges (routes, `ferry pull`): recording a run, reading one, the user's latest; they import this, never `sql/`. */
export { createRun, getRun, listRuns } from "./sql/runs.ts";
