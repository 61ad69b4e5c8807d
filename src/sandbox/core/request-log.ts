import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Clock } from "../../clock.ts";
import { bearerToken } from "../../secrets.ts";
import { isInternal, type SandboxEnv } from "./env.ts";

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  /** The route pattern, e.g. `GET /v1/users/:id`, for counts per endpoint. */
  endpoint: string;
  status: number;
  /** Last four characters of the bearer token, when one was sent. */
  token: string | null;
  ms: number;
}

/** How many entries the log keeps unless told otherwise (`--request-log-limit`). */
export const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

/** The last `limit` requests; older ones are dropped (and counted) as new ones come in. */
export class RequestLog {
  entries: RequestLogEntry[] = [];
  /** Entries dropped since the last reset to stay within `limit`. */
  dropped = 0;

  constructor(readonly limit: number = DEFAULT_REQUEST_LOG_LIMIT) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`request log limit must be a whole number ≥ 0, got ${limit}`);
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    const over = this.entries.length - this.limit;
    if (over > 0) {
      this.entries.splice(0, over);
      this.dropped += over;
    }
  }

  clear(): void {
    this.entries = [];
    this.dropped = 0;
  }

  /** `GET /__sandbox/requests`: counts per endpoint, token and status over the kept entries, and the last `recent` of them. */
  summary(recent: number) {
    const count = (key: (e: RequestLogEntry) => string | null) => {
      const out: Record<string, number> = {};
      for (const e of this.entries) {
        const k = key(e);
        if (k !== null) out[k] = (out[k] ?? 0) + 1;
      }
      return out;
    };
    return {
      total: this.entries.length,
      kept: this.entries.length,
      limit: this.limit,
      dropped: this.dropped,
      by_endpoint: count((e) => e.endpoint),
      by_token: count((e) => e.token),
      by_status: count((e) => String(e.status)),
      recent: recent > 0 ? this.entries.slice(-recent) : [],
    };
  }
}

/** The pattern of the route that answered (not a middleware's), or the raw path for a 404. */
function endpointOf(c: Context): string {
  // Routes match in registration order and the first handler that answers ends the chain.
  return matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? c.req.path;
}

/** Records every request (control API included) with its route pattern, status and timing. */
export function requestLogging(log: RequestLog, clock: Clock): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (isInternal(c)) return next();
    const started = performance.now();
    await next();
    const token = bearerToken(c.req.header("authorization"));
    log.add({
      at: clock.now().toISOString(),
      method: c.req.method,
      path: c.req.path,
      endpoint: `${c.req.method} ${endpointOf(c)}`,
      status: c.res.status,
      token: token ? token.slice(-4) : null,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  };
}
