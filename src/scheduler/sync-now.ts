import type { Db } from "../db/types.ts";
import type { Queue } from "../queue/queue.ts";
import { requestPushSync, type SyncRequest } from "../sync/push/request.ts";
import { pushKind } from "./kinds.ts";
import { recordAdmission } from "./sql/schedules.ts";

/**
 * Sync now for push: admitted at once, ahead of background work (the queue's Sync-now priority),
 * and recorded on the user's schedule with its estimated cost, so the scheduler's next tick
 * counts it against the quota and the sync status shows it in flight.
 */
export async function pushSyncNow(db: Db, queue: Queue, userId: string, now: Date): Promise<SyncRequest> {
  const request = await requestPushSync(db, queue, userId);
  const pending = (await pushKind.pending(db, [userId], now)).get(userId) ?? 0;
  await recordAdmission(db, {
    kind: "push",
    userId,
    jobId: request.job_id,
    cost: Math.ceil(pending * pushKind.callsPerUnit),
    pending,
    now,
    requested: true,
  });
  return request;
}
