import { NonRetryableError } from "../../errors.ts";
import { isRateLimited } from "../../http-client/errors.ts";
import type { Logger } from "../../logger.ts";
import { errorRecord } from "../../providers/errors.ts";
import { googleProvider } from "../../providers/google/index.ts";
import { EXPONENTIAL_1S_TO_1H, type RetryPolicy, retryDelayMs } from "../../queue/retry.ts";
import { openSession, type SyncDeps } from "../session.ts";
import { type ApplyResult, applyOperation } from "./apply.ts";
import { operationSchema } from "./operations.ts";
import { claimRows, completeRow, deadLetterRow, type OutboxRow, reclaimStale, releaseRow, retryRow } from "./sql/claim.ts";

/** How the drain behaves, from the config (CALENDAR_SYNC_*). */
export interface CalendarOptions {
  /** Rows claimed and applied at once (CALENDAR_SYNC_BATCH_SIZE). */
  batchSize: number;
  /** Attempts of a row before it is dead-lettered, when the row sets none (CALENDAR_SYNC_MAX_RETRIES). */
  maxRetries: number;
  /** Backoff between attempts; Retry-After hints win, capped at one hour. Default: 1 s, 2 s, 4 s ... 1 h, full jitter. */
  retry?: RetryPolicy;
  /** The jitter's source (tests pin it). */
  random?: () => number;
}

export interface DrainCounts {
  completed: number;
  retried: number;
  deadLettered: number;
  /** Rows given back unapplied (the drain stopped: shutdown, a revoked grant). */
  released: number;
}

const MAX_DELAY_MS = 3_600_000;

/** Why a drain finds nothing to do for now: the rows wait for a (new) connection or the entitlement. */
const WAITS_FOR_USER = new Set(["no_connection", "auth_revoked", "not_entitled"]);

/** The user's Google session, or null when their rows must wait (no active connection, no calendar_sync). */
async function sessionFor(deps: SyncDeps, userId: string, logger: Logger) {
  try {
    return await openSession(deps, googleProvider, { userId });
  } catch (e) {
    if (!(e instanceof NonRetryableError) || !WAITS_FOR_USER.has(e.reason)) throw e;
    logger.debug({ userId, reason: e.reason }, "calendar drain: rows wait for an active Google connection and calendar_sync");
    return null;
  }
}

/**
 * Drains one user's outbox: claims the rows it may apply now (in order per source, a batch at a
 * time), applies each to Google Calendar, and writes each outcome. A row that fails is retried
 * with backoff (Retry-After first, capped at one hour) or, when retrying cannot help (404, a
 * refused request, a revoked grant) or its attempts are used up, dead-lettered with the reason.
 * A revoked grant marks the connection invalid and stops the drain: the other rows wait for a
 * new connection. Stops when nothing is due, or `signal` aborts (rows in hand are given back).
 * `owner` identifies this drain (job id and attempt); rows an earlier drain held are taken back first.
 */
export async function drainUser(
  deps: SyncDeps,
  options: CalendarOptions,
  userId: string,
  ctx: { owner: string; signal?: AbortSignal; logger: Logger },
): Promise<DrainCounts> {
  const { db, clock } = deps;
  const counts: DrainCounts = { completed: 0, retried: 0, deadLettered: 0, released: 0 };
  await reclaimStale(db, userId, ctx.owner, clock.now());
  const session = await sessionFor(deps, userId, ctx.logger);
  if (!session) return counts;
  const cal = session.api;
  let stop = false;
  const apply = (row: OutboxRow): Promise<ApplyResult> => {
    const parsed = operationSchema.safeParse(row.payload);
    if (!parsed.success) return Promise.reject(new NonRetryableError("invalid_payload", `outbox row ${row.id}: ${parsed.error.message}`));
    return applyOperation({ db, cal, userId, outboxId: row.id, now: () => clock.now() }, parsed.data);
  };
  const settle = async (row: OutboxRow) => {
    if (stop || ctx.signal?.aborted) {
      if (await releaseRow(db, row.id, ctx.owner, clock.now())) counts.released++;
      return;
    }
    try {
      const result = await apply(row);
      if (await completeRow(db, row.id, ctx.owner, result, clock.now())) counts.completed++;
    } catch (e) {
      if (ctx.signal?.aborted && !(e instanceof NonRetryableError)) {
        if (await releaseRow(db, row.id, ctx.owner, clock.now())) counts.released++;
        return;
      }
      await fail(row, e);
    }
  };
  const fail = async (row: OutboxRow, e: unknown) => {
    const now = clock.now();
    const error = errorRecord(e);
    const max = row.max_attempts ?? options.maxRetries;
    if (e instanceof NonRetryableError && e.reason === "auth_revoked") stop = true;
    if (isRateLimited(e)) stop = true;
    if (e instanceof NonRetryableError || row.attempts >= max) {
      const reason = e instanceof NonRetryableError ? e.reason : "max_attempts_reached";
      if (await deadLetterRow(db, row.id, ctx.owner, reason, error, now)) counts.deadLettered++;
      ctx.logger.warn({ userId, outboxId: row.id, reason, error: error.message }, "calendar operation dead-lettered");
      return;
    }
    const hint = (e as { retryAfterMs?: number }).retryAfterMs;
    const delay = Math.min(MAX_DELAY_MS, hint ?? retryDelayMs(options.retry ?? EXPONENTIAL_1S_TO_1H, row.attempts, options.random));
    if (await retryRow(db, row.id, ctx.owner, error, new Date(now.getTime() + delay), now)) counts.retried++;
  };
  while (!stop && !ctx.signal?.aborted) {
    const rows = await claimRows(db, userId, ctx.owner, clock.now(), options.batchSize);
    if (rows.length === 0) break;
    await Promise.all(rows.map(settle));
  }
  return counts;
}
