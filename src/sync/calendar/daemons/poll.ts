import type { Clock } from "../../../clock.ts";
import type { Db } from "../../../db/types.ts";
import type { Logger } from "../../../logger.ts";
import { startLoop } from "../../../queue/daemons/loop.ts";
import type { Queue } from "../../../queue/queue.ts";
import { DRAIN_JOB, drainDedupeKey } from "../jobs.ts";
import { cleanupOutbox, usersToDrain } from "../sql/outbox.ts";

/**
 * The outbox's poll (seed 002's CALENDAR_SYNC_POLL_INTERVAL_MS): new rows wake their user's drain
 * at once (a trigger enqueues it), so this loop catches the rest: rows whose retry time has come,
 * rows written before Ferry registered its job types, rows that waited for a connection, and rows
 * held by a drain that died. It runs in every worker process; the drain's dedupe key keeps one
 * live drain per user. Hourly, it also deletes finished rows past CALENDAR_OUTBOX_RETENTION_DAYS.
 */

export interface PollDeps {
  db: Db;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  /** A PROCESSING row unchanged this long belongs to a drain that died (its job's lease ran out long ago). */
  staleMs: number;
}

/** Enqueues a drain for every user with work; returns how many users. */
export async function pollOutbox(deps: PollDeps): Promise<number> {
  const now = deps.clock.now();
  const users = await usersToDrain(deps.db, now, new Date(now.getTime() - deps.staleMs));
  if (users.length > 0)
    await deps.queue.enqueueMany(
      users.map((u) => ({ type: DRAIN_JOB, payload: { user_id: u }, options: { dedupeKey: drainDedupeKey(u) } })),
    );
  return users.length;
}

export interface PollDaemonOptions extends PollDeps {
  intervalMs: number;
  /** Finished rows are deleted after this many days (0: kept). */
  retentionDays: number;
}

/** Starts the poll loop; returns a function that stops it. */
export function startOutboxPoll(opts: PollDaemonOptions): () => void {
  let lastCleanup = 0;
  return startLoop({
    intervalMs: opts.intervalMs,
    jitter: 0.1,
    firstWithinMs: Math.min(opts.intervalMs, 1000),
    logger: opts.logger,
    failure: "calendar outbox poll failed; trying again",
    tick: async () => {
      await pollOutbox(opts);
      const now = opts.clock.now();
      if (opts.retentionDays > 0 && now.getTime() - lastCleanup > 3_600_000) {
        lastCleanup = now.getTime();
        const deleted = await cleanupOutbox(opts.db, opts.retentionDays, now);
        if (deleted > 0) opts.logger.info({ deleted }, "deleted finished calendar outbox rows past retention");
      }
    },
  });
}
