import { notionSandbox } from "../../sandbox/notion/index.ts";
import type { Rate, ValuesOf } from "../../settings/spec.ts";
import { callbackUrl, credentialPair } from "../credentials.ts";
import type { ProviderDescriptor } from "../types.ts";
import { type NotionApi, type NotionLimits, notionApi } from "./client.ts";
import { notionOAuth } from "./oauth.ts";
import { NOTION_VARIABLES } from "./variables.ts";
import { notionVerify } from "./verify.ts";

export type { NotionApi } from "./client.ts";

export interface NotionSettings {
  credentials: { clientId: string; clientSecret: string } | null;
  redirectUri: string;
  /** NOTION_API_BASE_URL; unset: api.notion.com, or the sandbox. */
  apiBaseUrl: string | undefined;
  limits: NotionLimits;
  /** NOTION_INTEGRATION_RATE_LIMIT: the integration's quota, which the scheduler shares out. */
  quota: Rate;
}

const LIVE_API = "https://api.notion.com";

/** Who it is. Its first job is the push sync's (src/sync/push/), or a connection check without it. */
const IDENTITY = { id: "notion", name: "Notion", entitlement: "notion_sync", firstJob: "notion.sync" } as const;

/** Notion: OAuth public integrations, the API at Notion-Version 2025-09-03, rate limits per connection and workspace. */
export const notionProvider: ProviderDescriptor<NotionSettings, NotionApi> = {
  ...IDENTITY,
  variables: NOTION_VARIABLES,
  settings(raw, { publicUrl }) {
    const v = raw as ValuesOf<typeof NOTION_VARIABLES>;
    const { credentials, issues } = credentialPair(v, "NOTION_OAUTH_CLIENT_ID", "NOTION_OAUTH_CLIENT_SECRET");
    return {
      settings: {
        credentials,
        redirectUri: v.NOTION_OAUTH_REDIRECT_URI ?? callbackUrl(publicUrl, "notion"),
        apiBaseUrl: v.NOTION_API_BASE_URL,
        limits: { connection: v.NOTION_RATE_LIMIT, workspace: v.NOTION_WORKSPACE_RATE_LIMIT },
        quota: v.NOTION_INTEGRATION_RATE_LIMIT,
      },
      issues,
    };
  },
  hasCredentials: (s) => s.credentials !== null,
  sandbox: notionSandbox,
  create(s, { runtime, sandbox }) {
    const live = !sandbox;
    const apiBaseUrl = s.apiBaseUrl ?? sandbox?.url ?? LIVE_API;
    const client = s.credentials ?? { clientId: "ferry-local-notion", clientSecret: sandbox?.clientSecret ?? "" };
    return {
      ...IDENTITY,
      mode: live ? "live" : "sandbox",
      redirectUri: s.redirectUri,
      endpoints: { api: apiBaseUrl },
      quota: s.quota,
      oauth: notionOAuth({ ...client, apiBaseUrl, timeoutMs: runtime.policy.timeoutMs }),
      ...(live
        ? {}
        : {
            sandboxClient: {
              registerUrl: new URL("/__sandbox/notion/oauth-clients", apiBaseUrl).toString(),
              ...client,
              redirectUri: s.redirectUri,
            },
          }),
      api: (session) => notionApi(runtime, apiBaseUrl, { ...s.limits, integration: s.quota }, session),
      verify: notionVerify,
    };
  },
};
