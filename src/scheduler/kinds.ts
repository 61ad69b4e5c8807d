import type { Clock } from "../clock.ts";
import type { Db, Queryable } from "../db/types.ts";
import { notionProvider } from "../providers/notion/index.ts";
import type { Queue } from "../queue/queue.ts";
import { BACKGROUND_PRIORITY } from "../sync/priorities.ts";
import { enqueueScheduledPull, pendingPulls } from "../sync/pull/scheduled.ts";
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
  /** Whether its runs stop at a call budget (and continue in later turns). */
  bounded: boolean;
  /** Units of pending work per user (users with none are left out): zero means no run and no call. */
  pending(db: Queryable, userIds: readonly string[], now: Date): Promise<Map<string, number>>;
  /** Puts (or joins) a background run of the user's sync in the queue, bounded to `maxCalls`; its job id, or null when it has nothing to do after all. */
  enqueue(db: Db, queue: Queue, clock: Clock, userId: string, maxCalls: number): Promise<string | null>;
}

/** Push: pending nodes (no page yet, changed, or failed); about two calls a node on a first sync (bench:push). */
export const pushKind: SyncKind = {
  name: "push",
  provider: notionProvider,
  callsPerUnit: 2,
  bounded: true,
  pending: (db, userIds) => pendingCounts(db, userIds),
  enqueue: async (db, queue, _clock, userId, maxCalls) =>
    (await requestPushSync(db, queue, userId, { priority: BACKGROUND_PRIORITY, maxCalls })).job_id,
};

/**
 * Pull: the stored mirrors that are due by their own interval; a run reads each one's schema and
 * at least one page of it (about three calls a mirror, measured after). Not bounded: a run pulls
 * its mirrors whole.
 */
export const pullKind: SyncKind = {
  name: "pull",
  provider: notionProvider,
  callsPerUnit: 3,
  bounded: false,
  pending: pendingPulls,
  enqueue: (db, queue, clock, userId) => enqueueScheduledPull(db, { queue, clock }, userId),
};

export const SYNC_KINDS: readonly SyncKind[] = [pushKind, pullKind];

export const kindNamed = (name: string) => SYNC_KINDS.find((k) => k.name === name);
