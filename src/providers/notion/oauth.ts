import { APIResponseError, Client, isNotionClientError, UnknownHTTPResponseError } from "@notionhq/client";
import { OAuthProviderError, oauthErrorCode } from "../errors.ts";
import type { ConnectedAccount, OAuthTokens, ProviderOAuth } from "../types.ts";

export interface NotionOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** `https://api.notion.com` or the sandbox's origin: both the API and the authorize page live there. */
  apiBaseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The OAuth error code in whatever the Notion SDK threw (Notion answers token errors in OAuth's shape). */
function grantOf(err: unknown): string | null {
  if (err instanceof APIResponseError) return err.code;
  if (err instanceof UnknownHTTPResponseError) {
    try {
      return oauthErrorCode(JSON.parse(err.body));
    } catch {
      return null;
    }
  }
  return null;
}

const failure = (what: string, err: unknown) =>
  new OAuthProviderError("notion", grantOf(err), `${what} failed${isNotionClientError(err) ? ` (${err.code})` : ""}`, { cause: err });

function tokens(res: { access_token: string; refresh_token?: string | null }): OAuthTokens {
  // Notion's tokens do not expire; a refresh token comes only with rotating grants.
  return { accessToken: res.access_token, refreshToken: res.refresh_token ?? null, expiresAt: null, scopes: [] };
}

/** Notion's OAuth through the official SDK (HTTP Basic client auth, JSON bodies). */
export function notionOAuth(s: NotionOAuthSettings): ProviderOAuth {
  const client = new Client({ baseUrl: s.apiBaseUrl, timeoutMs: s.timeoutMs, retry: false, fetch: s.fetch });
  const creds = { client_id: s.clientId, client_secret: s.clientSecret };
  return {
    usesPkce: false,
    authorizeUrl({ state, redirectUri }) {
      const url = new URL("/v1/oauth/authorize", s.apiBaseUrl);
      url.search = new URLSearchParams({
        client_id: s.clientId,
        response_type: "code",
        owner: "user",
        redirect_uri: redirectUri,
        state,
      }).toString();
      return url.toString();
    },
    async exchangeCode({ code, redirectUri }): Promise<ConnectedAccount> {
      try {
        const res = await client.oauth.token({ ...creds, grant_type: "authorization_code", code, redirect_uri: redirectUri });
        const owner = res.owner.type === "user" ? { type: "user", user_id: res.owner.user.id } : { type: "workspace" };
        return {
          externalId: res.workspace_id,
          metadata: {
            workspace_id: res.workspace_id,
            workspace_name: res.workspace_name,
            workspace_icon: res.workspace_icon,
            bot_id: res.bot_id,
            owner,
          },
          tokens: tokens(res),
        };
      } catch (err) {
        throw failure("code exchange", err);
      }
    },
    async refresh(refreshToken) {
      try {
        return tokens(await client.oauth.token({ ...creds, grant_type: "refresh_token", refresh_token: refreshToken }));
      } catch (err) {
        throw failure("refresh", err);
      }
    },
    async revoke({ accessToken }) {
      try {
        await client.oauth.revoke({ ...creds, token: accessToken });
      } catch (err) {
        if (grantOf(err) !== "invalid_grant" && grantOf(err) !== "invalid_token") throw failure("revoke", err);
      }
    },
  };
}
