/** The calendar sync's job: drains one user's outbox. One live job per user (its dedupe key). */
export const DRAIN_JOB = "calendar.drain";

export const drainDedupeKey = (userId: string) => `${DRAIN_JOB}:${userId}`;
