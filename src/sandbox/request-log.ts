import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { bearerToken } from "../secrets.ts";
import type { SandboxEnv } from "./app.ts";
import { isInternal } from "./internal.ts";
import type { SandboxState } from "./state.ts";

/** The pattern of the route that answered (not a middleware's), or the raw path for a 404. */
function endpointOf(c: Parameters<MiddlewareHandler>[0]): string {
  // Routes match in registration order and the first handler that answers ends the chain.
  return matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? c.req.path;
}

/** Records every request (control API included) with its route pattern, status and timing. */
export function requestLog(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (isInternal(c)) return next();
    const started = performance.now();
    await next();
    const token = bearerToken(c.req.header("authorization"));
    state.log({
      at: state.clock.now().toISOString(),
      method: c.req.method,
      path: c.req.path,
      endpoint: `${c.req.method} ${endpointOf(c)}`,
      status: c.res.status,
      token: token ? token.slice(-4) : null,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  };
}

/** Counts per endpoint, per token and per status, for the control API. */
export function summarize(state: SandboxState) {
  const count = (key: (e: (typeof state.requests)[number]) => string | null) => {
    const out: Record<string, number> = {};
    for (const e of state.requests) {
      const k = key(e);
      if (k !== null) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  return {
    total: state.requests.length,
    by_endpoint: count((e) => e.endpoint),
    by_token: count((e) => e.token),
    by_status: count((e) => String(e.status)),
  };
}
