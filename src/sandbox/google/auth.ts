import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../secrets.ts";
import type { GoogleEnv } from "./env.ts";
import { googleError } from "./errors.ts";
import { scopeAllows } from "./scopes.ts";
import type { GoogleState } from "./state.ts";

const AT_HEADER = { location: "Authorization", locationType: "header" } as const;

/** A live bearer access token on every Calendar call (expired and revoked ones are 401), with a scope that allows the method. */
export function googleAuth(state: GoogleState): MiddlewareHandler<GoogleEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) return googleError(c, 401, { reason: "required", message: "Login Required.", ...AT_HEADER });
    const access = state.liveAccess(token);
    if (!access) return googleError(c, 401, { reason: "authError", message: "Invalid Credentials", ...AT_HEADER });
    if (!scopeAllows(access.scope, c.req.method !== "GET" && c.req.method !== "HEAD"))
      return googleError(c, 403, { reason: "insufficientPermissions", message: "Request had insufficient authentication scopes." });
    c.set("googleAccess", access);
    await next();
  };
}
