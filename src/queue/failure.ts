import { isNonRetryable, isValidationError } from "../errors.ts";
import type { ResolvedDefinition } from "./registry.ts";
import { retryDelayMs } from "./retry.ts";
import type { ClaimedJob, FailureRecord } from "./types.ts";

const MAX_MESSAGE = 2000;
/** A retry hint never parks a job for more than an hour. */
const MAX_HINT_MS = 3_600_000;

/** Errors may carry a retry hint (e.g. a provider's Retry-After), in milliseconds. */
function retryHintMs(err: unknown): number | undefined {
  const hint = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof hint === "number" && Number.isFinite(hint) && hint >= 0 ? hint : undefined;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length <= 100 ? code : "handler_error";
}

function errorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > MAX_MESSAGE ? `${msg.slice(0, MAX_MESSAGE)}…` : msg;
}

/**
 * Decides what a failed attempt becomes: a retry at a time from the type's policy (or the error's
 * hint, capped at one hour), or a dead letter — at once for non-retryable errors
 * and invalid payloads, or when attempts reach the maximum.
 */
export function decideFailure(
  job: ClaimedJob,
  def: ResolvedDefinition,
  err: unknown,
  now: Date,
  random: () => number = Math.random,
): FailureRecord {
  const error = { code: errorCode(err), message: errorMessage(err), attempt: job.attempts, at: now.toISOString() };
  const base = { id: job.id, attempts: job.attempts, error };
  if (isNonRetryable(err)) return { ...base, retryAt: null, deadLetterReason: err.reason };
  if (isValidationError(err)) return { ...base, retryAt: null, deadLetterReason: "invalid_payload" };
  if (job.attempts >= job.maxAttempts) return { ...base, retryAt: null, deadLetterReason: "max_attempts_reached" };
  const policyDelay = retryDelayMs(def.retry, job.attempts, random);
  const hint = retryHintMs(err);
  const delay = hint === undefined ? policyDelay : Math.min(hint, MAX_HINT_MS);
  return { ...base, retryAt: new Date(now.getTime() + delay), deadLetterReason: null };
}
