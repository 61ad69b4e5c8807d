import { requireUser } from "../../connections/users.ts";
import type { Db } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";
import type { Queue } from "../../queue/queue.ts";
import { SYNC_NOW_PRIORITY } from "../priorities.ts";
import { PUSH_JOB, pushDedupeKeys } from "./jobs.ts";
import { notionConnectionOf } from "./status.ts";

export interface SyncRequest {
  job_id: string;
  /** True when the request joined a job that was queued and had not started. */
  already_queued: boolean;
  /** The running job this one follows, when one was running (it runs after it ends). */
  follows: string | null;
}

/**
 * "Sync now": guarantees a push run that starts after the request. A job that is still queued is
 * joined (it has not started, so it will see every change made before now). When one is running
 * (or its worker may be dead), a follow-up job is queued in the other slot: it runs once the
 * running one ends, whether that one completes, fails or is dead-lettered, and waits for its lease
 * (see execute.ts) so the two never push at once. `maxCalls` bounds a new job's run (the
 * scheduler's background runs); a joined job keeps its own bound. Throws `not_found` for an unknown user and
 * `conflict` when the user has no active Notion connection.
 */
export async function requestPushSync(
  db: Db,
  queue: Queue,
  userId: string,
  opts: { priority?: number; maxCalls?: number } = {},
): Promise<SyncRequest> {
  const priority = opts.priority ?? SYNC_NOW_PRIORITY;
  const connectionId = await activeNotionConnection(db, userId);
  const keys = pushDedupeKeys(connectionId);
  return db.transaction(async (tx) => {
    const live = await queue.liveByDedupeKey(keys, tx);
    const waiting = live.find((j) => j.status === "queued");
    if (waiting) return { job_id: waiting.id, already_queued: true, follows: null };
    const running = live.find((j) => j.status === "processing");
    const slot = running?.dedupeKey === keys[0] ? keys[1] : keys[0];
    const payload = { connection_id: connectionId, user_id: userId, ...(opts.maxCalls !== undefined ? { max_calls: opts.maxCalls } : {}) };
    const job = await queue.enqueue(PUSH_JOB, payload, { dedupeKey: slot, priority }, tx);
    return { job_id: job.id, already_queued: !job.created, follows: running?.id ?? null };
  });
}

/** The user's active Notion connection's id: `not_found` for an unknown user, `conflict` without one. */
export async function activeNotionConnection(db: Db, userId: string): Promise<string> {
  await requireUser(db, userId);
  const conn = await notionConnectionOf(db, userId);
  if (conn?.status !== "active")
    throw new FerryError("conflict", `user ${userId} has no active Notion connection; send them a connect link`);
  return conn.id;
}
