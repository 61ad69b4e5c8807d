import type { CallPriority } from "../http-client/limiter.ts";

/** Queue priorities the sync engines share: what a user asked for runs before background work. */
export const SYNC_NOW_PRIORITY = 10;
export const BACKGROUND_PRIORITY = 0;

/** The limiter's class for a job's calls: a job below Sync-now priority runs in the background. */
export const callPriorityOf = (jobPriority: number): CallPriority => (jobPriority >= SYNC_NOW_PRIORITY ? "now" : "background");
