import { CodeChallengeMethod, OAuth2Client } from "google-auth-library";
import { OAuthProviderError, oauthErrorCode } from "../errors.ts";
import type { ConnectedAccount, OAuthTokens, ProviderOAuth } from "../types.ts";

/** Google's OAuth endpoints: the real ones, or all under the sandbox's origin. */
export interface GoogleEndpoints {
  auth: string;
  token: string;
  revoke: string;
  tokenInfo: string;
}

export const LIVE_GOOGLE_ENDPOINTS: GoogleEndpoints = {
  auth: "https://accounts.google.com/o/oauth2/v2/auth",
  token: "https://oauth2.googleapis.com/token",
  revoke: "https://oauth2.googleapis.com/revoke",
  tokenInfo: "https://oauth2.googleapis.com/tokeninfo",
};

export const sandboxGoogleEndpoints = (origin: string): GoogleEndpoints => ({
  auth: new URL("/o/oauth2/v2/auth", origin).toString(),
  token: new URL("/token", origin).toString(),
  revoke: new URL("/revoke", origin).toString(),
  tokenInfo: new URL("/tokeninfo", origin).toString(),
});

/** Calendar events plus the account's email, so the connection can name the account. */
export const GOOGLE_SCOPES = ["openid", "email", "https://www.googleapis.com/auth/calendar.events"];

export interface GoogleOAuthSettings {
  clientId: string;
  clientSecret: string;
  endpoints: GoogleEndpoints;
}

function failure(what: string, err: unknown): OAuthProviderError {
  const data = (err as { response?: { data?: unknown } })?.response?.data;
  return new OAuthProviderError("google", oauthErrorCode(data), `${what} failed`, { cause: err });
}

function tokens(
  t: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null; scope?: string | null },
  keep: string | null,
): OAuthTokens {
  if (!t.access_token) throw new OAuthProviderError("google", null, "the token response has no access_token");
  return {
    accessToken: t.access_token,
    // Google does not rotate refresh tokens: a refresh answer usually has none, so keep ours.
    refreshToken: t.refresh_token ?? keep,
    expiresAt: t.expiry_date ? new Date(t.expiry_date) : null,
    scopes: t.scope ? t.scope.split(" ") : [],
  };
}

/** Google's OAuth through google-auth-library, with PKCE (S256). */
export function googleOAuth(s: GoogleOAuthSettings): ProviderOAuth {
  const client = (redirectUri?: string) =>
    new OAuth2Client({
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      redirectUri,
      endpoints: {
        oauth2AuthBaseUrl: s.endpoints.auth,
        oauth2TokenUrl: s.endpoints.token,
        oauth2RevokeUrl: s.endpoints.revoke,
        tokenInfoUrl: s.endpoints.tokenInfo,
      },
    });
  return {
    usesPkce: true,
    authorizeUrl({ state, redirectUri, codeChallenge }) {
      return client(redirectUri).generateAuthUrl({
        access_type: "offline",
        prompt: "consent",
        include_granted_scopes: true,
        scope: GOOGLE_SCOPES,
        state,
        ...(codeChallenge ? { code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 } : {}),
      });
    },
    async exchangeCode({ code, redirectUri, codeVerifier }): Promise<ConnectedAccount> {
      const c = client(redirectUri);
      try {
        const { tokens: raw } = await c.getToken({ code, codeVerifier, redirect_uri: redirectUri });
        const t = tokens(raw, null);
        const info = await c.getTokenInfo(t.accessToken);
        if (!info.sub) throw new OAuthProviderError("google", null, "tokeninfo names no account");
        return { externalId: info.sub, metadata: { account_id: info.sub, email: info.email ?? null, scopes: t.scopes }, tokens: t };
      } catch (err) {
        throw err instanceof OAuthProviderError ? err : failure("code exchange", err);
      }
    },
    async refresh(refreshToken) {
      const c = client();
      c.setCredentials({ refresh_token: refreshToken });
      try {
        const { credentials } = await c.refreshAccessToken();
        return tokens(credentials, refreshToken);
      } catch (err) {
        throw failure("refresh", err);
      }
    },
    async revoke({ accessToken, refreshToken }) {
      try {
        await client().revokeToken(refreshToken ?? accessToken);
      } catch (err) {
        const code = oauthErrorCode((err as { response?: { data?: unknown } })?.response?.data);
        if (code !== "invalid_token" && code !== "invalid_grant") throw failure("revoke", err);
      }
    },
  };
}
