import type { Context, Hono } from "hono";
import { bearerToken } from "../../secrets.ts";
import type { GoogleEnv } from "./env.ts";
import { oauthError } from "./errors.ts";
import { oauthFields } from "./oauth-request.ts";
import type { GoogleState } from "./state.ts";

/** Google's revoke endpoint (token in the form or the query) and tokeninfo (which google-auth-library's getTokenInfo calls). */
export function googleRevokeRoutes(app: Hono<GoogleEnv>, state: GoogleState): void {
  const revoke = async (c: Context) => {
    const f = await oauthFields(c);
    if (!f.token) return oauthError(c, "invalid_request", "Missing required parameter: token");
    if (!state.revoke(f.token)) return oauthError(c, "invalid_token", "Token expired or revoked");
    return c.json({});
  };
  app.post("/revoke", revoke);
  app.get("/revoke", revoke);

  const tokenInfo = async (c: Context) => {
    const f = await oauthFields(c);
    const access = state.liveAccess(f.access_token ?? bearerToken(c.req.header("authorization")));
    const account = access ? state.accounts.get(access.accountId) : undefined;
    if (!access || !account) return oauthError(c, "invalid_token", "Invalid Value");
    const expiresIn = Math.floor((access.expiresAt - state.now()) / 1000);
    return c.json({
      azp: access.clientId,
      aud: access.clientId,
      sub: account.id,
      scope: access.scope,
      exp: String(Math.floor(access.expiresAt / 1000)),
      expires_in: String(expiresIn),
      email: account.email,
      email_verified: "true",
      access_type: access.refreshToken ? "offline" : "online",
    });
  };
  app.get("/tokeninfo", tokenInfo);
  app.post("/tokeninfo", tokenInfo);
}
