import { FerryError } from "../errors.ts";

/**
 * A provider call that did not succeed but may later: rate limited, unavailable, timed out, or
 * still waiting for the limiter when its deadline came. `retryAfterMs` is the queue's delay hint.
 */
export class ProviderRetryableError extends FerryError {
  readonly retryAfterMs: number | undefined;
  readonly status: number | null;

  constructor(
    provider: string,
    message: string,
    opts: { status?: number | null; retryAfterMs?: number; providerCode?: string | null },
    options?: ErrorOptions,
  ) {
    super(
      "provider_unavailable",
      `${provider}: ${message}`,
      { provider, status: opts.status ?? null, provider_code: opts.providerCode ?? null },
      options,
    );
    this.name = "ProviderRetryableError";
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status ?? null;
  }
}

/** The limiter would have kept the call waiting past its deadline. */
export class RateLimitWaitError extends FerryError {
  readonly retryAfterMs: number;

  constructor(waitMs: number) {
    super("provider_unavailable", `rate limit: the next token is ${waitMs} ms away, past the call's deadline`, { wait_ms: waitMs });
    this.name = "RateLimitWaitError";
    this.retryAfterMs = waitMs;
  }
}
