/** Queue priorities the sync engines share: what a user asked for runs before background work. */
export const SYNC_NOW_PRIORITY = 10;
export const BACKGROUND_PRIORITY = 0;
