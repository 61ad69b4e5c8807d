/**
 * Retry policies per job type. A job that failed `attempt` times waits `delayMs(attempt)`
 * before its next try, unless the error carries its own hint (e.g. a provider's Retry-After).
 */
export type RetryPolicy =
  | { kind: "schedule"; delaysMs: readonly number[] }
  | { kind: "exponential"; baseMs: number; factor: number; capMs: number; jitter: "full" | "equal" | "none" };

/** Seed 000's deterministic schedule: 30 s, 120 s, 600 s, 1800 s (the last repeats). */
export const DEFAULT_SCHEDULE: RetryPolicy = { kind: "schedule", delaysMs: [30_000, 120_000, 600_000, 1_800_000] };

/** Seed 002's backoff: 1 s, 2 s, 4 s ... capped at one hour, with full jitter. */
export const EXPONENTIAL_1S_TO_1H: RetryPolicy = {
  kind: "exponential",
  baseMs: 1000,
  factor: 2,
  capMs: 3_600_000,
  jitter: "full",
};

/**
 * Delay before the next try after the `attempt`-th attempt failed (attempt ≥ 1).
 * `random` returns [0, 1); injected so tests are deterministic.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  if (policy.kind === "schedule") {
    const list = policy.delaysMs;
    if (list.length === 0) return 0;
    return list[Math.min(n, list.length) - 1] ?? 0;
  }
  const raw = Math.min(policy.capMs, policy.baseMs * policy.factor ** (n - 1));
  switch (policy.jitter) {
    case "none":
      return raw;
    case "equal":
      return Math.round(raw / 2 + random() * (raw / 2));
    case "full":
      // Full jitter, but never below a tenth of the base so a retry never fires instantly.
      return Math.max(Math.round(policy.baseMs / 10), Math.round(random() * raw));
  }
}

/** Validates a policy given as configuration; returns an error message or undefined. */
export function checkPolicy(policy: RetryPolicy): string | undefined {
  if (policy.kind === "schedule") {
    if (policy.delaysMs.some((d) => !Number.isFinite(d) || d < 0)) return "schedule delays must be non-negative numbers";
    return undefined;
  }
  if (policy.baseMs <= 0 || policy.factor < 1 || policy.capMs < policy.baseMs)
    return "exponential policy needs baseMs > 0, factor ≥ 1, capMs ≥ baseMs";
  return undefined;
}
