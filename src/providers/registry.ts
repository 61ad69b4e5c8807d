import { randomBytes } from "node:crypto";
import type { Config } from "../config/load.ts";
import { googleOAuth, LIVE_GOOGLE_ENDPOINTS, sandboxGoogleEndpoints } from "./google/oauth.ts";
import { googleVerify } from "./google/verify.ts";
import { notionOAuth } from "./notion/oauth.ts";
import { notionVerify } from "./notion/verify.ts";
import type { ProviderRuntime } from "./runtime.ts";
import type { Provider, ProviderId } from "./types.ts";

/** Where each provider's API lives once the sandbox (if any) is running. */
export interface ProviderSettings {
  notion: { clientId: string; clientSecret: string; redirectUri: string; apiBaseUrl: string; mode: "sandbox" | "live" };
  google: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    oauthBaseUrl: string | undefined;
    apiRootUrl: string;
    mode: "sandbox" | "live";
  };
}

/** Whether a provider has no credentials and must run against the built-in sandbox. */
export const needsSandbox = (config: Config) => !config.providers.notion.clientId || !config.providers.google.clientId;

/**
 * Settings from the config; providers without credentials point at `sandboxUrl` with an OAuth
 * client registered there for Ferry's own redirect URI (see `registerSandboxClients`).
 */
export function providerSettings(config: Config, sandboxUrl: string | undefined, sandboxSecret = "ferry-local-secret"): ProviderSettings {
  const { notion, google } = config.providers;
  const sandbox = () => {
    if (!sandboxUrl) throw new Error("a provider without credentials needs the sandbox's URL");
    return sandboxUrl;
  };
  return {
    notion: notion.clientId
      ? {
          ...notion,
          clientId: notion.clientId,
          clientSecret: notion.clientSecret,
          apiBaseUrl: notion.apiBaseUrl ?? "https://api.notion.com",
          mode: "live",
        }
      : {
          ...notion,
          clientId: "ferry-local-notion",
          clientSecret: sandboxSecret,
          apiBaseUrl: notion.apiBaseUrl ?? sandbox(),
          mode: "sandbox",
        },
    google: google.clientId
      ? {
          ...google,
          clientId: google.clientId,
          clientSecret: google.clientSecret,
          apiRootUrl: google.apiRootUrl ?? "https://www.googleapis.com/",
          mode: "live",
        }
      : {
          ...google,
          clientId: "ferry-local-google",
          clientSecret: sandboxSecret,
          oauthBaseUrl: google.oauthBaseUrl ?? sandbox(),
          apiRootUrl: google.apiRootUrl ?? `${sandbox()}/`,
          mode: "sandbox",
        },
  };
}

/** Registers Ferry's redirect URIs with the sandbox (over its control API) for the sandboxed providers. */
export async function registerSandboxClients(settings: ProviderSettings, fetchImpl: typeof fetch = fetch): Promise<void> {
  const register = async (base: string, path: string, s: { clientId: string; clientSecret: string; redirectUri: string }) => {
    const res = await fetchImpl(new URL(path, base), {
      method: "POST",
      body: JSON.stringify({ client_id: s.clientId, client_secret: s.clientSecret, redirect_uris: [s.redirectUri], name: "Ferry" }),
    });
    if (res.status !== 201) throw new Error(`registering Ferry's OAuth client with the sandbox failed: ${res.status}`);
  };
  if (settings.notion.mode === "sandbox") await register(settings.notion.apiBaseUrl, "/__sandbox/notion/oauth-clients", settings.notion);
  if (settings.google.mode === "sandbox" && settings.google.oauthBaseUrl)
    await register(settings.google.oauthBaseUrl, "/__sandbox/google/oauth-clients", settings.google);
}

/** A random secret for the sandbox clients of one Ferry process. */
export const sandboxClientSecret = () => randomBytes(24).toString("base64url");

/** The providers Ferry knows: the only list of them. */
export function buildProviders(s: ProviderSettings, rt: ProviderRuntime): Map<ProviderId, Provider> {
  const notion: Provider = {
    id: "notion",
    entitlement: "notion_sync",
    mode: s.notion.mode,
    redirectUri: s.notion.redirectUri,
    oauth: notionOAuth({
      clientId: s.notion.clientId,
      clientSecret: s.notion.clientSecret,
      apiBaseUrl: s.notion.apiBaseUrl,
      timeoutMs: rt.policy.timeoutMs,
    }),
    firstSyncJob: "notion.sync",
    verify: notionVerify(rt, s.notion.apiBaseUrl),
  };
  const google: Provider = {
    id: "google",
    entitlement: "calendar_sync",
    mode: s.google.mode,
    redirectUri: s.google.redirectUri,
    oauth: googleOAuth({
      clientId: s.google.clientId,
      clientSecret: s.google.clientSecret,
      endpoints: s.google.oauthBaseUrl ? sandboxGoogleEndpoints(s.google.oauthBaseUrl) : LIVE_GOOGLE_ENDPOINTS,
    }),
    firstSyncJob: "calendar.sync",
    verify: googleVerify(rt, s.google.apiRootUrl),
  };
  return new Map<ProviderId, Provider>([
    ["notion", notion],
    ["google", google],
  ]);
}
