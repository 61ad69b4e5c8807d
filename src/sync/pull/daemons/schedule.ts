import type { Clock } from "../../../clock.ts";
import type { Db } from "../../../db/types.ts";
import type { Logger } from "../../../logger.ts";
import { startLoop } from "../../../queue/daemons/loop.ts";
import type { Queue } from "../../../queue/queue.ts";
import { enqueueRun } from "../request.ts";
import { takeDueMirrors } from "../sql/mirrors.ts";
import { deleteOldRuns } from "../sql/runs.ts";

/**
 * The pull schedule: every stored mirror is pulled once per its interval (PULL_INTERVAL_MINUTES
 * by default). It runs in every worker process; `takeDueMirrors` skips rows another process is
 * taking, and moves each taken mirror one interval on in the transaction that enqueues its run,
 * so each due mirror gets one run whichever process sees it first. A run still queued or running
 * is joined, not doubled. This replaces seed 004's placeholder pg_cron job.
 */

export interface ScheduleDeps {
  db: Db;
  queue: Queue;
  clock: Clock;
  logger: Logger;
}

const BATCH = 100;
/** Finished runs are kept this long (their results are what `GET /v1/notion/pull-runs/{id}` shows). */
export const RUN_RETENTION_MS = 30 * 24 * 3_600_000;

/** Enqueues a run for every due mirror; returns how many. */
export async function enqueueDuePulls(deps: ScheduleDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const taken = await deps.db.transaction(async (tx) => {
      const due = await takeDueMirrors(tx, now, BATCH);
      for (const m of due) await enqueueRun(tx, deps, { userId: m.userId, request: { mirrorId: m.id }, trigger: "schedule" });
      return due.length;
    });
    total += taken;
    if (taken < BATCH) return total;
  }
}

export interface ScheduleDaemonOptions extends ScheduleDeps {
  /** How often to look for due mirrors. Default 30 s. */
  intervalMs?: number;
}

/** Starts the schedule loop (and the hourly clean-up of old runs); returns a function that stops it. */
export function startPullSchedule(opts: ScheduleDaemonOptions): () => void {
  const interval = opts.intervalMs ?? 30_000;
  let lastCleanup = 0;
  return startLoop({
    intervalMs: interval,
    jitter: 0.2,
    firstWithinMs: Math.min(interval, 5000),
    logger: opts.logger,
    failure: "pull schedule failed; trying again",
    tick: async () => {
      const n = await enqueueDuePulls(opts);
      if (n > 0) opts.logger.info({ runs: n }, "scheduled pull runs");
      const now = opts.clock.now().getTime();
      if (now - lastCleanup > 3_600_000) {
        lastCleanup = now;
        const deleted = await deleteOldRuns(opts.db, new Date(now - RUN_RETENTION_MS));
        if (deleted > 0) opts.logger.info({ deleted }, "deleted old pull runs");
      }
    },
  });
}
