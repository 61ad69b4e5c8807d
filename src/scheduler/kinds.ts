import type { Db, Queryable } from "../db/types.ts";
import { notionProvider } from "../providers/notion/index.ts";
import type { Queue } from "../queue/queue.ts";
import { BACKGROUND_PRIORITY } from "../sync/priorities.ts";
import { requestPushSync } from "../sync/push/request.ts";
import { pendingCounts } from "../sync/push/status.ts";
import type { SyncKindName } from "./sql/schedules.ts";

/**
 * A sync the scheduler admits: which provider's quota it spends, how to know a user's pending
 * work before calling anyone, and how to put a background run in the queue. One per engine
 * that runs in the background (calendar is event-driven through its outbox).
 */
export interface SyncKind {
  name: SyncKindName;
  /** The provider whose quota it spends, and the entitlement a user needs for it. */
  provider: { readonly id: string; readonly entitlement: string };
  /** Calls one unit of pending work costs before any run of the user was measured. */
  callsPerUnit: number;
  /** Units of pending work per user (users with none are left out): zero means no run and no call. */
  pending(db: Queryable, userIds: readonly string[]): Promise<Map<string, number>>;
  /** Puts (or joins) a background run of the user's sync in the queue, bounded to `maxCalls`; its job id. */
  enqueue(db: Db, queue: Queue, userId: string, maxCalls: number): Promise<string>;
}

/** Push: pending nodes (no page yet, changed, or failed); about two calls a node on a first sync (bench:push). */
export const pushKind: SyncKind = {
  name: "push",
  provider: notionProvider,
  callsPerUnit: 2,
  pending: pendingCounts,
  enqueue: async (db, queue, userId, maxCalls) =>
    (await requestPushSync(db, queue, userId, { priority: BACKGROUND_PRIORITY, maxCalls })).job_id,
};

export const SYNC_KINDS: readonly SyncKind[] = [pushKind];

export const kindNamed = (name: string) => SYNC_KINDS.find((k) => k.name === name);
