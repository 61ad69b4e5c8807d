/**
 * The interface every provider implements. Provider-specific code lives in the provider's
 * folder (`notion/`, `google/`); shared code only sees this interface and `registry.ts`.
 */
export const PROVIDER_IDS = ["notion", "google"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const isProviderId = (v: unknown): v is ProviderId => typeof v === "string" && (PROVIDER_IDS as readonly string[]).includes(v);

export interface OAuthTokens {
  accessToken: string;
  /** Google: long-lived; Notion: rotating when the token response carries one. */
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
}

/** What a code exchange yields: the tokens and who they belong to. */
export interface ConnectedAccount {
  /** The provider-side identity: a Notion workspace id, a Google account id. Connections dedupe on it. */
  externalId: string;
  /** Shown in the connections API: Notion workspace name, icon, bot id, owner; Google email, scopes. */
  metadata: Record<string, unknown>;
  tokens: OAuthTokens;
}

export interface AuthorizeRequest {
  state: string;
  redirectUri: string;
  /** S256 challenge, for providers with `usesPkce`. */
  codeChallenge?: string;
}

export interface ProviderOAuth {
  readonly usesPkce: boolean;
  /** The provider's consent-page URL. */
  authorizeUrl(req: AuthorizeRequest): string;
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<ConnectedAccount>;
  /** New tokens from a refresh token; a rotated refresh token replaces the old one. */
  refresh(refreshToken: string): Promise<OAuthTokens>;
  /** Revokes the grant at the provider (best effort: an already revoked grant is fine). */
  revoke(tokens: { accessToken: string; refreshToken: string | null }): Promise<void>;
}

export interface Provider {
  id: ProviderId;
  /** The entitlement a user needs to connect it and to sync. */
  entitlement: string;
  /** Whether it talks to the built-in sandbox or the real service. */
  mode: "sandbox" | "live";
  /** The callback URL registered with the provider (normalised: trimmed, no trailing slash). */
  redirectUri: string;
  oauth: ProviderOAuth;
  /** The job enqueued when a connection is made (payload: `{ connection_id, user_id }`). */
  firstSyncJob: string;
  /**
   * One cheap authenticated call that proves the token works and says who it is; throws
   * ProviderUnauthorizedError on a 401 so the caller can refresh and try again.
   */
  verify(accessToken: string, who: { connectionId: string; externalId: string }): Promise<Record<string, unknown>>;
}
