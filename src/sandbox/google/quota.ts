import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { RateLimitControl } from "../core/module.ts";
import type { GoogleEnv } from "./env.ts";
import { googleError } from "./errors.ts";
import type { GoogleState } from "./state.ts";

/** The `google` section of `PUT /__sandbox/rate-limits`. */
const googleLimitsBody = z
  .object({
    enabled: z.boolean().optional(),
    rate: z.number().positive().max(10_000).optional(),
    burst: z.number().int().min(1).max(100_000).optional(),
    error: z.enum(["rateLimitExceeded", "userRateLimitExceeded", "429"]).optional(),
  })
  .strict();

/** Google's quota settings in the shared `/__sandbox/rate-limits`. */
export function googleRateLimits(state: GoogleState): RateLimitControl<z.infer<typeof googleLimitsBody>> {
  return {
    body: googleLimitsBody,
    get: () => state.limits,
    set: (p) => {
      const s = state.limits;
      state.limits = { enabled: p.enabled ?? s.enabled, rate: p.rate ?? s.rate, burst: p.burst ?? s.burst, error: p.error ?? s.error };
    },
  };
}

/** Google's per-user quota as a token bucket per account: over budget is a 403 usageLimits error, or a 429 if so configured. */
export function googleQuota(state: GoogleState): MiddlewareHandler<GoogleEnv> {
  return async (c, next) => {
    const s = state.limits;
    if (!s.enabled) return next();
    const wait = state.buckets.take(`google:${c.get("googleAccess").accountId}`, s.rate, s.burst);
    if (wait === 0) return next();
    if (s.error === "429") {
      c.header("Retry-After", String(wait));
      return googleError(c, 429, { reason: "rateLimitExceeded", message: "Rate Limit Exceeded" });
    }
    const message = s.error === "rateLimitExceeded" ? "Rate Limit Exceeded" : "User Rate Limit Exceeded";
    return googleError(c, 403, { reason: s.error, message });
  };
}
