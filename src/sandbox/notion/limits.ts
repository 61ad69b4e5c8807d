import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { isInternal } from "../core/env.ts";
import type { RateLimitControl } from "../core/module.ts";
import type { NotionEnv } from "./env.ts";
import { notionError } from "./errors.ts";
import type { NotionState } from "./state.ts";

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

/** The `notion` section of `PUT /__sandbox/rate-limits`. */
const limitsBody = z
  .object({
    enabled: z.boolean().optional(),
    rate: z.number().positive().max(10_000).optional(),
    burst: z.number().int().min(1).max(100_000).optional(),
    workspace_rate: z.number().positive().max(10_000).optional(),
    workspace_burst: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** Notion's settings in the shared `/__sandbox/rate-limits` (shown as stored, e.g. `workspaceRate`). */
export function notionRateLimits(state: NotionState): RateLimitControl<z.infer<typeof limitsBody>> {
  return {
    body: limitsBody,
    get: () => state.limits,
    set: (n) => {
      const s = state.limits;
      state.limits = {
        enabled: n.enabled ?? s.enabled,
        rate: n.rate ?? s.rate,
        burst: n.burst ?? s.burst,
        workspaceRate: n.workspace_rate ?? s.workspaceRate,
        workspaceBurst: n.workspace_burst ?? s.workspaceBurst,
      };
    },
  };
}

/** 429 rate_limited with Retry-After when the token's or the workspace's budget is spent. */
export function notionRateLimit(state: NotionState): MiddlewareHandler<NotionEnv> {
  return async (c, next) => {
    const s = state.limits;
    if (!s.enabled || isInternal(c)) return next();
    const token = c.get("notionToken");
    const perToken = state.buckets.take(`token:${token.token}`, s.rate, s.burst);
    const perSpace = perToken > 0 ? 0 : state.buckets.take(`workspace:${token.workspaceId}`, s.workspaceRate, s.workspaceBurst);
    const wait = Math.max(perToken, perSpace);
    if (wait === 0) return next();
    c.header("Retry-After", String(wait));
    const res = notionError(c, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
    const body = (await res.json()) as Record<string, unknown>;
    const reason = perToken > 0 ? "public_api_request_rate_limit" : "public_api_space_request_rate_limit";
    return c.json({ ...body, additional_data: { rate_limit_reason: reason } }, 429);
  };
}
