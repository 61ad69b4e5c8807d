import { createRoute, z } from "@hono/zod-openapi";
import { PROVIDERS } from "../../providers/registry.ts";
import { PROVIDER_ID_PATTERN } from "../../providers/types.ts";
import { endpoint } from "../endpoint.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** What each error code the callback sends back means, for a person. */
const MEANING: Record<string, string> = {
  invalid_state:
    "The sign-in could not be matched to this browser (a different browser or profile, blocked cookies, or a link used twice or too late). Ask the app for a new connect link.",
  access_denied: "Access was denied on the provider's consent page.",
  not_entitled: "This account is not allowed to connect this provider. The app decides who may.",
  oauth_exchange_failed: "The provider did not accept the sign-in (check the OAuth client id, secret and redirect URI).",
  missing_code: "The provider sent the browser back without an authorization code.",
  oauth_error: "The provider reported an error.",
};

const Query = z.object({
  ...Object.fromEntries(PROVIDERS.map((p) => [p.id, z.literal("connected").optional()])),
  error: z.string().max(100).optional(),
});

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * GET /oauth/result: where the browser lands after connecting when FRONTEND_URL is not set
 * (the demo, and first steps); says what happened in plain words.
 */
export const oauthResult = endpoint(
  createRoute({
    method: "get",
    path: "/oauth/result",
    tags: ["oauth"],
    summary: "A page that says how connecting went (when no FRONTEND_URL is set)",
    request: { query: Query },
    responses: { 200: { description: "an HTML page", content: { "text/html": { schema: z.string() } } } },
  }),
  () => async (c) => {
    const q = c.req.valid("query") as Record<string, string | undefined>;
    // Any provider's `?<id>=connected`, not only the ones the document lists.
    const connected = Object.entries(c.req.query())
      .filter(([k, v]) => v === "connected" && PROVIDER_ID_PATTERN.test(k))
      .map(([k]) => k);
    const body = connected.length
      ? `<h1>Connected</h1><p>${esc(connected.join(", "))} is connected. You can close this page.</p>`
      : `<h1>Not connected</h1><p><code>${esc(q.error ?? "unknown")}</code>: ${esc(MEANING[q.error ?? ""] ?? "Something went wrong.")}</p>`;
    c.header("Content-Security-Policy", CSP);
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry</title><style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:0 .3em}</style></head><body>${body}</body></html>`,
    ) as never;
  },
);
