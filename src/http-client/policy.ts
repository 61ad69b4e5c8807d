/** How hard Ferry tries a provider call: attempts, backoff, deadline and per-request timeout. */
export interface CallPolicy {
  maxAttempts: number;
  /** Full-jitter exponential backoff: a random delay in [0, min(maxDelayMs, baseDelayMs × 2^(attempt-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The whole call, waits and retries included, ends by then; what is left becomes a retry hint for the queue. */
  deadlineMs: number;
  /** One HTTP request. */
  timeoutMs: number;
}

export const DEFAULT_POLICY: CallPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, deadlineMs: 120_000, timeoutMs: 30_000 };

export function backoffMs(policy: CallPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1)));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or malformed. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Methods that may be repeated safely. */
export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
