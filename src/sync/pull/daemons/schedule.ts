import type { Clock } from "../../../clock.ts";
import type { Db } from "../../../db/types.ts";
import type { Logger } from "../../../logger.ts";
import { startLoop } from "../../../queue/daemons/loop.ts";
import { deleteOldRuns } from "../sql/runs.ts";

/**
 * The pull sync's clean-up: finished runs older than RUN_RETENTION_MS are deleted, hourly. Stored
 * mirrors are pulled in the background by the scheduler (src/scheduler/, the `pull` kind), which
 * takes each due mirror once per its interval, as the user's tier allows; this replaces seed 004's
 * placeholder pg_cron job.
 */

export interface CleanupDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

/** Finished runs are kept this long (their results are what `GET /v1/notion/pull-runs/{id}` shows). */
export const RUN_RETENTION_MS = 30 * 24 * 3_600_000;

/** Starts the hourly clean-up of old runs; returns a function that stops it. */
export function startPullRunCleanup(opts: CleanupDeps & { intervalMs?: number }): () => void {
  return startLoop({
    intervalMs: opts.intervalMs ?? 3_600_000,
    jitter: 0.2,
    firstWithinMs: 60_000,
    logger: opts.logger,
    failure: "pull run clean-up failed; trying again",
    tick: async () => {
      const deleted = await deleteOldRuns(opts.db, new Date(opts.clock.now().getTime() - RUN_RETENTION_MS));
      if (deleted > 0) opts.logger.info({ deleted }, "deleted old pull runs");
    },
  });
}
