import { sleep } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { CallBudgetSpentError, ProviderRetryableError } from "./errors.ts";
import type { CallPriority, SharedLimiter } from "./limiter.ts";
import type { BucketSpec } from "./limiter-sql.ts";
import type { ProviderMetrics } from "./metrics.ts";
import { backoffMs, type CallPolicy } from "./policy.ts";

/** What a response means for the retry policy. */
export type Verdict =
  | { kind: "done" }
  /** `ownOnly`: only the call's first (narrowest) bucket is over budget, e.g. a per-user limit, not the project's. */
  | { kind: "rate_limited"; retryAfterMs: number | undefined; ownOnly?: boolean }
  | { kind: "unavailable" }
  | { kind: "conflict" };

/** What a provider folder supplies; the layer itself knows no provider. */
export interface ProviderHooks {
  provider: string;
  /** The route pattern, e.g. `PATCH /v1/blocks/:id/children`, for counters. */
  endpoint(method: string, url: URL): string;
  /** Whether repeating the request is safe (a 5xx or a timeout may have hidden a success). */
  idempotent(method: string, url: URL): boolean;
  classify(res: Response): Promise<Verdict>;
}

export interface LimitedFetchDeps {
  limiter: SharedLimiter;
  metrics: ProviderMetrics;
  policy: CallPolicy;
  hooks: ProviderHooks;
  /** The buckets every request of this client takes a token from (e.g. its connection and workspace). */
  buckets: readonly BucketSpec[];
  logger: Logger;
  fetch?: typeof fetch;
  random?: () => number;
  /** Counts the requests this client sends (each attempt), for what a sync run cost. */
  meter?: CallMeter;
  /** Whose calls these are: a background call gives way to a Sync now's on the same buckets. */
  priority?: CallPriority;
}

/**
 * The requests a client has sent: a sync run's cost, which the scheduler learns from. With a
 * `limit`, a request past it is not sent: the client throws CallBudgetSpentError.
 */
export interface CallMeter {
  calls: number;
  limit?: number;
}

function describe(input: Request | string | URL, init: RequestInit | undefined): { url: URL; method: string } {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  return { url, method };
}

/** A request that got no answer, as Ferry's error: the clients pass it through to their callers. */
function transportError(provider: string, kind: "timeout" | "network", endpoint: string, cause: unknown): ProviderRetryableError {
  const what = kind === "timeout" ? "timed out" : `failed (${cause instanceof Error ? cause.message : String(cause)})`;
  return new ProviderRetryableError(provider, kind, `${endpoint} ${what}`, {}, { cause });
}

/**
 * A `fetch` for the official clients that sends every request through the shared limiter and
 * Ferry's retry policy: 429/529 (and the provider's other rate-limit answers) pause the keys for
 * every process for Retry-After, then retry, for every method; 5xx, network errors and timeouts
 * are retried only for idempotent requests; a 409 conflict is retried; backoff has full jitter,
 * a cap, a number of attempts and an overall deadline. The last response goes back to the client,
 * which turns it into Ferry's errors (each provider's `errors.ts`); a request that never got an
 * answer throws ProviderRetryableError (`timeout` or `network`) here, which the clients pass on.
 */
export function limitedFetch(deps: LimitedFetchDeps): typeof fetch {
  const doFetch = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  // A 429 pauses the buckets the provider speaks for, never Ferry's own fleet-wide quota.
  const keys = deps.buckets.filter((b) => b.pausable !== false).map((b) => b.key);
  const { provider } = deps.hooks;
  return async (input, init) => {
    const { url, method } = describe(input, init);
    const endpoint = deps.hooks.endpoint(method, url);
    const idempotent = deps.hooks.idempotent(method, url);
    const deadline = Date.now() + deps.policy.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      if (deps.meter?.limit !== undefined && deps.meter.calls >= deps.meter.limit) throw new CallBudgetSpentError(deps.meter.limit);
      const acquired = await deps.limiter.acquire(deps.buckets, {
        signal: init?.signal ?? undefined,
        deadline,
        priority: deps.priority ?? "now",
      });
      deps.metrics.waited(provider, acquired);
      if (deps.meter) deps.meter.calls++;
      const timeout = AbortSignal.timeout(deps.policy.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      const last = attempt >= deps.policy.maxAttempts;
      let res: Response;
      try {
        res = await doFetch(input, { ...init, signal });
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        const kind = timeout.aborted ? "timeout" : "network";
        deps.metrics.call(provider, endpoint, kind);
        const wait = backoffMs(deps.policy, attempt, random);
        if (!idempotent || last || Date.now() + wait > deadline) throw transportError(provider, kind, endpoint, err);
        deps.logger.debug({ provider, endpoint, attempt, waitMs: wait }, "provider request failed; retrying");
        await sleep(wait, init?.signal ?? undefined);
        continue;
      }
      deps.metrics.call(provider, endpoint, res.status);
      const verdict = await deps.hooks.classify(res);
      if (verdict.kind === "done") return res;
      let wait = backoffMs(deps.policy, attempt, random);
      if (verdict.kind === "rate_limited") {
        // Every process stops using these keys until the provider's time; the limiter then waits.
        const pause = verdict.retryAfterMs ?? wait;
        await deps.limiter.pause(verdict.ownOnly ? keys.slice(0, 1) : keys, pause);
        wait = 0;
        if (Date.now() + pause > deadline) return res;
      } else if (verdict.kind === "unavailable" && !idempotent) {
        return res;
      }
      if (last || Date.now() + wait > deadline) return res;
      await res.body?.cancel().catch(() => undefined);
      deps.logger.debug(
        { provider, endpoint, status: res.status, attempt, waitMs: wait },
        "provider answered with a retryable status; retrying",
      );
      await sleep(wait, init?.signal ?? undefined);
    }
  };
}
