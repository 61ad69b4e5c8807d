import type { Db } from "../db/types.ts";
import { type LimiterOptions, SharedLimiter } from "../http-client/limiter.ts";
import { ProviderMetrics } from "../http-client/metrics.ts";
import { type CallPolicy, DEFAULT_POLICY } from "../http-client/policy.ts";
import type { Logger } from "../logger.ts";
import type { Rate } from "../settings/spec.ts";

/**
 * What every provider client shares in one process: the limiter, the counters, the retry policy.
 * Rate limits are each provider's own settings (its folder's variables), not shared.
 */
export interface ProviderRuntime {
  limiter: SharedLimiter;
  metrics: ProviderMetrics;
  policy: CallPolicy;
  logger: Logger;
  /** The fetch under the layer (tests and benchmarks may swap it). */
  fetch?: typeof fetch;
}

/** A limiter bucket from a configured rate. */
export const bucket = (key: string, r: Rate) => ({ key, rate: r.perSecond, capacity: r.burst });

/** The runtime of one process: one limiter on the shared database, one set of counters. */
export function createProviderRuntime(input: {
  db: Db;
  logger: Logger;
  policy?: CallPolicy;
  limiter?: LimiterOptions;
  fetch?: typeof fetch;
}): ProviderRuntime {
  return {
    limiter: new SharedLimiter(input.db, input.limiter),
    metrics: new ProviderMetrics(),
    policy: input.policy ?? DEFAULT_POLICY,
    logger: input.logger,
    fetch: input.fetch,
  };
}
