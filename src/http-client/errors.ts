import { FerryError } from "../errors.ts";

/** Why a provider call may succeed later. */
export type RetryableKind =
  /** 429, Notion's 529, Google's rate-limit 403s, or the limiter's wait past the deadline. */
  | "rate_limited"
  /** 5xx other than 529. */
  | "unavailable"
  /** 409: a conflicting write in flight at the provider. */
  | "conflict"
  /** One request took longer than PROVIDER_TIMEOUT_MS. */
  | "timeout"
  /** The connection failed (refused, reset, DNS). */
  | "network";

/**
 * A provider call that did not succeed but may later: rate limited, unavailable, in conflict, timed
 * out, or still waiting for the limiter when its deadline came. `retryAfterMs` is the queue's
 * delay hint. Provider clients throw it after Ferry's own retries (see limited-fetch.ts) are spent.
 */
export class ProviderRetryableError extends FerryError {
  readonly kind: RetryableKind;
  readonly retryAfterMs: number | undefined;
  /** The provider's HTTP status; null for timeouts, network errors and the limiter's wait. */
  readonly status: number | null;
  /** The provider's own error code or reason (`rate_limited`, `service_overload`, `rateLimitExceeded`). */
  readonly providerCode: string | null;

  constructor(
    provider: string,
    kind: RetryableKind,
    message: string,
    opts: { status?: number | null; retryAfterMs?: number | undefined; providerCode?: string | null } = {},
    options?: ErrorOptions,
  ) {
    super(
      "provider_unavailable",
      `${provider}: ${message}`,
      {
        provider,
        kind,
        status: opts.status ?? null,
        provider_code: opts.providerCode ?? null,
        ...(opts.retryAfterMs !== undefined ? { retry_after_ms: opts.retryAfterMs } : {}),
      },
      options,
    );
    this.name = "ProviderRetryableError";
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status ?? null;
    this.providerCode = opts.providerCode ?? null;
  }
}

/** The limiter would have kept the call waiting past its deadline. */
export class RateLimitWaitError extends ProviderRetryableError {
  constructor(waitMs: number, provider = "rate limit") {
    super(provider, "rate_limited", `the next token is ${waitMs} ms away, past the call's deadline`, { retryAfterMs: waitMs });
    this.name = "RateLimitWaitError";
  }
}

/** True for a provider call that may succeed later (any kind). */
export const isRetryableProviderError = (e: unknown): e is ProviderRetryableError => e instanceof ProviderRetryableError;

/** True for a rate limit (not an outage): work for the same account should wait too. */
export const isRateLimited = (e: unknown): boolean => e instanceof ProviderRetryableError && e.kind === "rate_limited";

/**
 * A sync run used up its call budget (a bounded run, see src/scheduler/): the request was not sent.
 * Not a failure: the engine stops the run cleanly and the rest of its work waits for a later turn.
 * The clients pass it through unchanged.
 */
export class CallBudgetSpentError extends Error {
  constructor(readonly limit: number) {
    super(`the run's budget of ${limit} provider calls is spent`);
    this.name = "CallBudgetSpentError";
  }
}
