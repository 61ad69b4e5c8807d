import { z } from "zod";
import { httpUrl, rateLimit, redirectUri, spec } from "../../settings/spec.ts";

/** Notion's environment variables (seed 000 and 001 named the client ones NOTION_CLIENT_*). */
export const NOTION_VARIABLES = {
  NOTION_OAUTH_CLIENT_ID: spec({
    aliases: ["NOTION_CLIENT_ID"],
    doc: "OAuth client id of your Notion public integration. Unset: Notion is served by the built-in sandbox.",
    schema: z.string().min(1).optional(),
  }),
  NOTION_OAUTH_CLIENT_SECRET: spec({
    aliases: ["NOTION_CLIENT_SECRET"],
    doc: "OAuth client secret of the same integration.",
    schema: z.string().min(1).optional(),
    secret: true,
  }),
  NOTION_OAUTH_REDIRECT_URI: spec({
    doc: "The callback URL registered with Notion (trimmed, trailing slash stripped).",
    defaultText: "$PUBLIC_URL/oauth/notion/callback",
    schema: redirectUri.optional(),
  }),
  NOTION_API_BASE_URL: spec({
    doc: "Notion's API origin (also serves the authorize page).",
    defaultText: "https://api.notion.com, or the sandbox",
    schema: httpUrl.optional(),
  }),
  // Notion documents "an average of three requests per second" per integration, with some bursts.
  NOTION_RATE_LIMIT: spec({
    doc: "Requests per second and burst for each Notion connection, shared by every Ferry process (RATE,BURST).",
    defaultText: "3,5",
    schema: rateLimit("3,5"),
  }),
  NOTION_WORKSPACE_RATE_LIMIT: spec({
    doc: "Requests per second and burst for each Notion workspace, shared by all its connections (RATE,BURST).",
    defaultText: "10,30",
    schema: rateLimit("10,30"),
  }),
  NOTION_INTEGRATION_RATE_LIMIT: spec({
    doc: "Requests per second and burst of the whole integration (every user, every process), enforced per call; the scheduler shares it out among background syncs (RATE,BURST).",
    defaultText: "3,10",
    schema: rateLimit("3,10"),
  }),
} as const;
