import type { MiddlewareHandler } from "hono";
import { FerryError } from "../errors.ts";
import { bearerToken, safeEqual } from "../secrets.ts";
import { fail } from "./envelope.ts";
import type { ApiOptions, AppEnv } from "./types.ts";

/** Everything under this prefix needs the bearer token; the OpenAPI document marks those routes. */
export const SECURED_PREFIX = "/v1";

export function isSecuredPath(path: string): boolean {
  return path === SECURED_PREFIX || path.startsWith(`${SECURED_PREFIX}/`);
}

/** The names of the security schemes in the OpenAPI document. */
export const BEARER_SCHEME = "bearerAuth";
export const WORKER_SCHEME = "workerSecret";

/**
 * Bearer auth for /v1/: `Authorization: Bearer <token>` compared with the configured token in
 * constant time. Missing or wrong: 401 with `WWW-Authenticate: Bearer`. No token configured:
 * 503 `not_configured` — never open.
 */
export function bearerAuth(opts: Pick<ApiOptions, "token" | "tokenSource">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!opts.token) return fail(c, new FerryError("not_configured", "set ACTION_API_TOKEN to enable the /v1/ API"));
    if (!safeEqual(bearerToken(c.req.header("authorization")), opts.token)) {
      c.header("WWW-Authenticate", 'Bearer realm="ferry"');
      return fail(c, new FerryError("unauthorized", "missing or wrong bearer token (Authorization: Bearer <ACTION_API_TOKEN>)"));
    }
    c.set("authKind", opts.tokenSource === "env" ? "action_api_token" : "development_token");
    await next();
  };
}

/** WORKER_SECRET as a bearer token or `X-Worker-Secret`, compared in constant time; checked before the body is read. */
export function workerSecret({ worker }: { worker: { secret: string | undefined } }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!worker.secret) return fail(c, new FerryError("not_configured", "set WORKER_SECRET to enable this endpoint"));
    const given = bearerToken(c.req.header("authorization")) ?? c.req.header("x-worker-secret");
    if (!safeEqual(given, worker.secret)) return fail(c, new FerryError("unauthorized", "missing or wrong worker secret"));
    await next();
  };
}
