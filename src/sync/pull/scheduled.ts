import type { Clock } from "../../clock.ts";
import type { Db, Queryable } from "../../db/types.ts";
import type { Queue } from "../../queue/queue.ts";
import { BACKGROUND_PRIORITY } from "../priorities.ts";
import { enqueueRun } from "./request.ts";
import { dueMirrorCounts, takeUserDueMirrors } from "./sql/mirrors.ts";

/**
 * Pull as the scheduler runs it in the background: a user's work is their stored mirrors that are
 * due (each by its own interval, as the scheduler's tier allows); one run pulls them all.
 */

/** Due mirrors per user, before any call. */
export const pendingPulls = (db: Queryable, userIds: readonly string[], now: Date) => dueMirrorCounts(db, userIds, now);

/**
 * Enqueues one background run of the user's due mirrors (each moved one interval on, in the same
 * transaction); joins a scheduled run still waiting. Null when none is due any more.
 */
export async function enqueueScheduledPull(db: Db, deps: { queue: Queue; clock: Clock }, userId: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const mirrorIds = await takeUserDueMirrors(tx, userId, deps.clock.now());
    if (mirrorIds.length === 0) return null;
    const run = await enqueueRun(tx, deps, { userId, request: { mirrorIds }, trigger: "schedule", priority: BACKGROUND_PRIORITY });
    return run.jobId;
  });
}
