import type { FieldIssue } from "../errors.ts";
import type { CallMeter } from "../http-client/limited-fetch.ts";
import type { CallPriority } from "../http-client/limiter.ts";
import type { SandboxModule } from "../sandbox/core/module.ts";
import type { Rate, VariableTable } from "../settings/spec.ts";
import type { ProviderRuntime } from "./runtime.ts";
import type { TokenSource } from "./tokens.ts";

/**
 * What a provider is, as each folder under `providers/` describes it. Shared code only sees these
 * types and `registry.ts`, the one list of providers; a new provider is a new folder exporting a
 * `ProviderDescriptor`, plus one line in the registry.
 */

/** A provider's id (`notion`, `google`): its URL segment (`/oauth/{id}/start`) and `connections.provider`. */
export type ProviderId = string;

export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

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

/** Who an API client acts for: one connection, and where its tokens come from. */
export interface ApiSession {
  connectionId: string;
  /** The provider-side account: a Notion workspace id, a Google account id (its rate-limit buckets). */
  externalId: string;
  tokens: TokenSource;
  /** Counts the requests the client sends, when the caller wants to know (a sync run's cost). */
  meter?: CallMeter;
  /** `background` for the scheduler's runs: their calls give way to a Sync now's. Default `now`. */
  priority?: CallPriority;
}

/** In sandbox mode: the OAuth client Ferry registers with the sandbox for its own redirect URI. */
export interface SandboxClient {
  /** The sandbox's control endpoint for the provider's OAuth clients. */
  registerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** A provider as one Ferry process uses it: live, or pointed at the built-in sandbox. */
export interface Provider<Api = unknown> {
  readonly id: ProviderId;
  /** For people: "Notion", "Google Calendar". */
  readonly name: string;
  /** The entitlement a user needs to connect it and to sync. */
  readonly entitlement: string;
  /** The job enqueued when a connection is made (payload: `{ connection_id, user_id }`). */
  readonly firstJob: string;
  readonly mode: "sandbox" | "live";
  /** The callback URL registered with the provider (normalised: trimmed, no trailing slash). */
  readonly redirectUri: string;
  /** Where it is served (API and OAuth origins), for `GET /v1/meta` and the start log. Never secrets. */
  readonly endpoints: Readonly<Record<string, string>>;
  readonly oauth: ProviderOAuth;
  /** The whole fleet's budget at the provider (one integration's quota), when it has one: what the scheduler shares out. */
  readonly quota?: Rate;
  /** Set in sandbox mode: what to register with the sandbox before the first connect. */
  readonly sandboxClient?: SandboxClient;
  /**
   * The provider's official API client for one connection, over the shared limiter and Ferry's
   * retry policy. It throws Ferry's classified errors itself (ProviderRetryableError,
   * ProviderRefusedError, NonRetryableError `auth_revoked`): on a 401 it renews the token once
   * through `session.tokens` and sends the request again.
   */
  api(session: ApiSession): Api;
  /** One cheap authenticated call that proves the token works and says who it is. */
  verify(api: Api): Promise<Record<string, unknown>>;
}

export interface CreateContext {
  runtime: ProviderRuntime;
  /** Present when the provider has no credentials: the sandbox's origin and the secret of Ferry's client there. */
  sandbox?: { url: string; clientSecret: string };
}

/**
 * One provider, described by its folder: its identity, its environment variables and how they
 * become its settings, its sandbox module, and how to build it for a process.
 */
export interface ProviderDescriptor<Settings = unknown, Api = unknown> {
  readonly id: ProviderId;
  readonly name: string;
  readonly entitlement: string;
  readonly firstJob: string;
  /** The environment variables it reads (credentials, URLs, rate limits), listed with the core's in docs. */
  readonly variables: VariableTable;
  /** Its settings from its parsed variables; `issues` name variables that do not fit together. */
  settings(values: Readonly<Record<string, unknown>>, ctx: { publicUrl: string }): { settings: Settings; issues: FieldIssue[] };
  /** Whether the settings hold credentials for the real service; without, it runs against the sandbox. */
  hasCredentials(settings: Settings): boolean;
  /** Its part of the built-in sandbox. */
  readonly sandbox: SandboxModule;
  create(settings: Settings, ctx: CreateContext): Provider<Api>;
}
