import type { MiddlewareHandler } from "hono";
import type { Clock } from "../../clock.ts";
import type { SandboxEnv } from "../app.ts";
import { isInternal } from "../internal.ts";
import { notionError } from "./errors.ts";

export interface RateLimitSettings {
  enabled: boolean;
  /** Per token: requests per second on average, and the burst allowed. */
  rate: number;
  burst: number;
  /** Per workspace, shared by all its tokens. */
  workspaceRate: number;
  workspaceBurst: number;
}

/** Notion's documented budget: about 3 requests per second per integration, small bursts. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = { enabled: true, rate: 3, burst: 10, workspaceRate: 10, workspaceBurst: 30 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per access token and per workspace, refilled on the sandbox's clock. */
export class RateLimiter {
  settings: RateLimitSettings = { ...DEFAULT_RATE_LIMITS };
  private buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.settings = { ...DEFAULT_RATE_LIMITS };
    this.buckets.clear();
  }

  /** Takes one request from the bucket; returns seconds to wait when it is empty. */
  take(key: string, rate: number, burst: number): number {
    const now = this.clock.now().getTime();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }
}

/** 429 rate_limited with Retry-After when the token's or the workspace's budget is spent. */
export function notionRateLimit(limiter: RateLimiter): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const s = limiter.settings;
    if (!s.enabled || isInternal(c)) return next();
    const token = c.get("notionToken");
    const perToken = limiter.take(`token:${token.token}`, s.rate, s.burst);
    const perSpace = perToken > 0 ? 0 : limiter.take(`workspace:${token.workspaceId}`, s.workspaceRate, s.workspaceBurst);
    const wait = Math.max(perToken, perSpace);
    if (wait === 0) return next();
    c.header("Retry-After", String(wait));
    const res = notionError(c, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
    const body = (await res.json()) as Record<string, unknown>;
    const reason = perToken > 0 ? "public_api_request_rate_limit" : "public_api_space_request_rate_limit";
    return c.json({ ...body, additional_data: { rate_limit_reason: reason } }, 429);
  };
}
