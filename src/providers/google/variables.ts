import { z } from "zod";
import { httpUrl, rateLimit, redirectUri, spec } from "../../settings/spec.ts";

/** Google's environment variables (seed 002 named the client ones GOOGLE_CLIENT_*). */
export const GOOGLE_VARIABLES = {
  GOOGLE_OAUTH_CLIENT_ID: spec({
    aliases: ["GOOGLE_CLIENT_ID"],
    doc: "OAuth client id of your Google Cloud project. Unset: Google is served by the built-in sandbox.",
    schema: z.string().min(1).optional(),
  }),
  GOOGLE_OAUTH_CLIENT_SECRET: spec({
    aliases: ["GOOGLE_CLIENT_SECRET"],
    doc: "OAuth client secret of the same project.",
    schema: z.string().min(1).optional(),
    secret: true,
  }),
  GOOGLE_OAUTH_REDIRECT_URI: spec({
    doc: "The callback URL registered with Google (trimmed, trailing slash stripped).",
    defaultText: "$PUBLIC_URL/oauth/google/callback",
    schema: redirectUri.optional(),
  }),
  GOOGLE_OAUTH_BASE_URL: spec({
    doc: "Serve Google's OAuth endpoints (/o/oauth2/v2/auth, /token, /revoke, /tokeninfo) from this origin instead of Google's, e.g. a sandbox.",
    schema: httpUrl.optional(),
  }),
  GOOGLE_API_ROOT_URL: spec({
    doc: "Google APIs root URL (Calendar v3 lives under it).",
    defaultText: "https://www.googleapis.com/, or the sandbox",
    schema: httpUrl.optional(),
  }),
  // Google Calendar's default: 600 requests a minute per user, and a per-project quota.
  GOOGLE_RATE_LIMIT: spec({
    doc: "Requests per second and burst for each Google account (RATE,BURST).",
    defaultText: "10,20",
    schema: rateLimit("10,20"),
  }),
  GOOGLE_PROJECT_RATE_LIMIT: spec({
    doc: "Requests per second and burst for all Google calls of this Ferry (the project's quota) (RATE,BURST).",
    defaultText: "100,200",
    schema: rateLimit("100,200"),
  }),
} as const;
