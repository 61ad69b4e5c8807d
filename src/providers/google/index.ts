import type { calendar_v3 } from "@googleapis/calendar";
import { googleSandbox } from "../../sandbox/google/index.ts";
import type { ValuesOf } from "../../settings/spec.ts";
import { callbackUrl, credentialPair } from "../credentials.ts";
import type { ProviderDescriptor } from "../types.ts";
import { type GoogleLimits, googleCalendarApi } from "./client.ts";
import { googleOAuth, LIVE_GOOGLE_ENDPOINTS, sandboxGoogleEndpoints } from "./oauth.ts";
import { GOOGLE_VARIABLES } from "./variables.ts";
import { googleVerify } from "./verify.ts";

export type GoogleCalendarApi = calendar_v3.Calendar;

export interface GoogleSettings {
  credentials: { clientId: string; clientSecret: string } | null;
  redirectUri: string;
  /** GOOGLE_OAUTH_BASE_URL: Google's OAuth endpoints under another origin. */
  oauthBaseUrl: string | undefined;
  /** GOOGLE_API_ROOT_URL; unset: www.googleapis.com, or the sandbox. */
  apiRootUrl: string | undefined;
  limits: GoogleLimits;
}

const LIVE_API_ROOT = "https://www.googleapis.com/";

/** Who it is. Its first job is a connection check; with the calendar sync wired it then wakes the user's drain. */
const IDENTITY = { id: "google", name: "Google Calendar", entitlement: "calendar_sync", firstJob: "calendar.sync" } as const;

/** Google Calendar v3 with Google's OAuth (PKCE, offline access): per-user and per-project quotas. */
export const googleProvider: ProviderDescriptor<GoogleSettings, GoogleCalendarApi> = {
  ...IDENTITY,
  variables: GOOGLE_VARIABLES,
  settings(raw, { publicUrl }) {
    const v = raw as ValuesOf<typeof GOOGLE_VARIABLES>;
    const { credentials, issues } = credentialPair(v, "GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET");
    return {
      settings: {
        credentials,
        redirectUri: v.GOOGLE_OAUTH_REDIRECT_URI ?? callbackUrl(publicUrl, "google"),
        oauthBaseUrl: v.GOOGLE_OAUTH_BASE_URL,
        apiRootUrl: v.GOOGLE_API_ROOT_URL,
        limits: { user: v.GOOGLE_RATE_LIMIT, project: v.GOOGLE_PROJECT_RATE_LIMIT },
      },
      issues,
    };
  },
  hasCredentials: (s) => s.credentials !== null,
  sandbox: googleSandbox,
  create(s, { runtime, sandbox }) {
    const oauthBase = s.oauthBaseUrl ?? sandbox?.url;
    const apiRootUrl = s.apiRootUrl ?? (sandbox ? `${sandbox.url}/` : LIVE_API_ROOT);
    const client = s.credentials ?? { clientId: "ferry-local-google", clientSecret: sandbox?.clientSecret ?? "" };
    const endpoints = oauthBase ? sandboxGoogleEndpoints(oauthBase) : LIVE_GOOGLE_ENDPOINTS;
    return {
      ...IDENTITY,
      mode: sandbox ? "sandbox" : "live",
      redirectUri: s.redirectUri,
      endpoints: { api: apiRootUrl, oauth: new URL(endpoints.token).origin },
      oauth: googleOAuth({ ...client, endpoints }),
      ...(sandbox && oauthBase
        ? {
            sandboxClient: {
              registerUrl: new URL("/__sandbox/google/oauth-clients", oauthBase).toString(),
              ...client,
              redirectUri: s.redirectUri,
            },
          }
        : {}),
      api: (session) => googleCalendarApi(runtime, apiRootUrl, s.limits, session),
      verify: googleVerify,
    };
  },
};
