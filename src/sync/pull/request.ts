import { randomUUID } from "node:crypto";
import type { Clock } from "../../clock.ts";
import { latestConnection } from "../../connections/store.ts";
import { requireUser } from "../../connections/users.ts";
import type { Db, Queryable } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";
import { notionProvider } from "../../providers/notion/index.ts";
import type { Queue } from "../../queue/queue.ts";
import { sourceKey } from "./mirror-set.ts";
import type { PullRequest, PullRun, RunTrigger } from "./runs.ts";
import { createRun, getRun, runIdOfJob } from "./sql/runs.ts";

/** Requests for a pull run (the API, the schedule) and waiting for one to end. */

/** The pull sync's job: one recorded run. */
export const PULL_JOB = "notion.pull";

export interface QueuedRun {
  runId: string;
  jobId: string;
  /** False when the same pull was already queued or running: this is that run. */
  created: boolean;
}

/** One live job per user and request: asking again while it waits joins it. */
export function pullDedupeKey(userId: string, request: PullRequest): string {
  const what =
    request.mirrorId !== undefined
      ? `mirror:${request.mirrorId}`
      : request.mirrorIds !== undefined
        ? "scheduled"
        : request.databaseId !== undefined
          ? sourceKey({ databaseId: request.databaseId })
          : request.databaseName !== undefined
            ? sourceKey({ databaseName: request.databaseName })
            : "all";
  return `${PULL_JOB}:${userId}:${what}${request.full ? ":full" : ""}`;
}

/**
 * Enqueues a pull run in `tx` (the job and its `pull_runs` row commit together). When the same
 * pull is already live, returns that run instead of adding one.
 */
export async function enqueueRun(
  tx: Queryable,
  deps: { queue: Queue; clock: Clock },
  run: { userId: string; request: PullRequest; trigger: RunTrigger; priority?: number },
): Promise<QueuedRun> {
  const runId = randomUUID();
  const job = await deps.queue.enqueue(
    PULL_JOB,
    { run_id: runId, user_id: run.userId },
    { dedupeKey: pullDedupeKey(run.userId, run.request), ...(run.priority !== undefined ? { priority: run.priority } : {}) },
    tx,
  );
  if (!job.created) {
    const existing = await runIdOfJob(tx, job.id);
    if (existing) return { runId: existing, jobId: job.id, created: false };
  }
  await createRun(tx, { id: runId, userId: run.userId, trigger: run.trigger, request: run.request, jobId: job.id, at: deps.clock.now() });
  return { runId, jobId: job.id, created: true };
}

/** Checks that the user exists (`not_found`), has an active Notion connection (`conflict`) and `notion_sync` (`not_entitled`). */
export async function assertCanPull(db: Queryable, userId: string): Promise<void> {
  const user = await requireUser(db, userId);
  const { entitlement } = notionProvider;
  if (!user.entitlements.includes(entitlement)) throw new FerryError("not_entitled", `user ${userId} does not have ${entitlement}`);
  const conn = await latestConnection(db, userId, notionProvider.id);
  if (conn?.status !== "active")
    throw new FerryError("conflict", `user ${userId} has no active Notion connection; send them a connect link`);
}

/** Users whose stored mirrors are enabled and who can be pulled: "every user" for a request without `user_id`. */
export { usersWithMirrors } from "./sql/mirrors.ts";

/**
 * Waits up to `timeoutMs` for the runs to finish, reading them every so often (a quarter second
 * at first, then up to two seconds). Returns them as they are at the end, finished or not.
 */
export async function waitForRuns(db: Db, runIds: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<PullRun[]> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (;;) {
    const runs = await Promise.all(runIds.map((id) => getRun(db, id)));
    const present = runs.filter((r): r is PullRun => r !== null);
    const open = present.some((r) => r.status !== "completed" && r.status !== "failed");
    const left = deadline - Date.now();
    if (!open || left <= 0 || signal?.aborted) return present;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    delay = Math.min(delay * 2, 2000);
  }
}
