import type { Db } from "../db/types.ts";
import { type LimiterOptions, SharedLimiter } from "../http-client/limiter.ts";
import { ProviderMetrics } from "../http-client/metrics.ts";
import { type CallPolicy, DEFAULT_POLICY } from "../http-client/policy.ts";
import type { Logger } from "../logger.ts";

/** A bucket's refill rate (requests per second) and burst. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** Rates per provider and scope; configurable (see the NOTION_RATE_* and GOOGLE_RATE_* variables). */
export interface RateLimits {
  notion: { connection: Rate; workspace: Rate };
  google: { user: Rate; project: Rate };
}

export const DEFAULT_LIMITS: RateLimits = {
  // Notion documents "an average of three requests per second" per integration, with some bursts.
  notion: { connection: { perSecond: 3, burst: 5 }, workspace: { perSecond: 10, burst: 30 } },
  // Google Calendar's default: 600 requests a minute per user, and a per-project quota.
  google: { user: { perSecond: 10, burst: 20 }, project: { perSecond: 100, burst: 200 } },
};

/** What every provider client shares in one process: the limiter, the counters, the retry policy. */
export interface ProviderRuntime {
  limiter: SharedLimiter;
  metrics: ProviderMetrics;
  policy: CallPolicy;
  limits: RateLimits;
  logger: Logger;
  /** The fetch under the layer (tests and benchmarks may swap it). */
  fetch?: typeof fetch;
}

export const bucket = (key: string, r: Rate) => ({ key, rate: r.perSecond, capacity: r.burst });

/** The runtime of one process: one limiter on the shared database, one set of counters. */
export function createProviderRuntime(input: {
  db: Db;
  logger: Logger;
  limits?: RateLimits;
  policy?: CallPolicy;
  limiter?: LimiterOptions;
  fetch?: typeof fetch;
}): ProviderRuntime {
  return {
    limiter: new SharedLimiter(input.db, input.limiter),
    metrics: new ProviderMetrics(),
    policy: input.policy ?? DEFAULT_POLICY,
    limits: input.limits ?? DEFAULT_LIMITS,
    logger: input.logger,
    fetch: input.fetch,
  };
}
