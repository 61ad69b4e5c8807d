import type { Context, Hono } from "hono";
import type { GoogleEnv } from "./env.ts";
import { oauthError } from "./errors.ts";
import { authenticateClient, oauthFields, verifierMatches } from "./oauth-request.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleAccessToken } from "./types.ts";

const EXPIRED = "Token has been expired or revoked.";

/** An authorization code's grant: single use, same client, same redirect URI, PKCE when a challenge was sent. */
function exchangeCode(c: Context, state: GoogleState, clientId: string, f: Record<string, string>) {
  if (!f.code) return oauthError(c, "invalid_request", "Missing required parameter: code");
  const code = state.codes.get(f.code);
  if (!code || code.used || code.clientId !== clientId || code.expiresAt <= state.now()) {
    if (code) code.used = true;
    return oauthError(c, "invalid_grant", code ? "Bad Request" : "Malformed auth code.");
  }
  if (f.redirect_uri !== code.redirectUri) return oauthError(c, "redirect_uri_mismatch", "Bad Request");
  if (code.challenge) {
    if (!f.code_verifier) return oauthError(c, "invalid_grant", "Missing code verifier.");
    if (!verifierMatches(code.challenge, f.code_verifier)) return oauthError(c, "invalid_grant", "Invalid code verifier.");
  }
  code.used = true;
  if (!code.offline) return tokenJson(c, state, state.mintAccess(code.accountId, clientId, code.scope, null), null);
  const { grant, access } = state.mintGrant(code.accountId, clientId, code.scope);
  return tokenJson(c, state, access, grant.refreshToken);
}

/** A refresh token's grant: a new access token; the refresh token stays the same (Google does not rotate). */
function refresh(c: Context, state: GoogleState, clientId: string, f: Record<string, string>) {
  if (!f.refresh_token) return oauthError(c, "invalid_request", "Missing required parameter: refresh_token");
  const grant = state.grants.get(f.refresh_token);
  if (!grant || grant.revoked) return oauthError(c, "invalid_grant", EXPIRED);
  if (grant.clientId !== clientId) return oauthError(c, "unauthorized_client", "Unauthorized");
  return tokenJson(c, state, state.mintAccess(grant.accountId, clientId, grant.scope, grant.refreshToken), null);
}

function tokenJson(c: Context, state: GoogleState, access: GoogleAccessToken, refreshToken: string | null) {
  return c.json({
    access_token: access.token,
    expires_in: Math.round((access.expiresAt - state.now()) / 1000),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope: access.scope,
    token_type: "Bearer",
  });
}

/** Google's token endpoint: authorization_code and refresh_token grants, form-encoded. */
export function googleTokenRoute(app: Hono<GoogleEnv>, state: GoogleState): void {
  app.post("/token", async (c) => {
    c.header("Cache-Control", "no-store");
    const f = await oauthFields(c);
    const client = authenticateClient(c, state, f);
    if (typeof client === "string") return oauthError(c, "invalid_client", client);
    if (f.grant_type === "authorization_code") return exchangeCode(c, state, client.clientId, f);
    if (f.grant_type === "refresh_token") return refresh(c, state, client.clientId, f);
    return oauthError(c, "unsupported_grant_type", `Invalid grant_type: ${f.grant_type ?? ""}`);
  });
}
