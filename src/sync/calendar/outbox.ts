/**
 * The calendar sync as the edges use it (the API's /v1/calendar/outbox routes, `ferry calendar`,
 * seed 002's worker library): adding operations (which starts a user's drain, through the
 * outbox's trigger), counts, one row, dead letters (list, replay, discard) and clean-up. Routes
 * and commands import this module, never `sql/`.
 */
export type { OutboxRow, OutboxStatus } from "./sql/claim.ts";
export {
  cleanupOutbox,
  discardDeadLetters,
  getOutboxRow,
  insertOperations as enqueueOperations,
  listDeadLetters,
  type OutboxStats,
  outboxStats,
  replayDeadLetters,
  wakeDrains,
} from "./sql/outbox.ts";
