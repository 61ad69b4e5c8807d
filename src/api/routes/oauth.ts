import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { cookieName, type FlowAnswer, finishConnect, startConnect } from "../../connections/flow.ts";
import { FerryError } from "../../errors.ts";
import type { ProviderId } from "../../providers/types.ts";
import { type Endpoint, endpoint } from "../endpoint.ts";
import { errorResponse } from "../schemas.ts";
import { ProviderParam } from "./connection-schemas.ts";

const StartQuery = z.object({ session: z.string().max(200).optional().openapi({ description: "the secret from the connect link" }) });
const CallbackQuery = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  scope: z.string().max(4000).optional(),
  iss: z.string().max(500).optional(),
  authuser: z.string().max(20).optional(),
  prompt: z.string().max(100).optional(),
});

const redirect = { description: "to the provider's consent page, or back to the app's return URL with the outcome" };

/** Sends a flow answer: a redirect (with its cookie), or the error envelope. */
function answer(c: Context, a: FlowAnswer) {
  if (a.kind === "error") throw new FerryError(a.code === "not_found" ? "not_found" : "validation_failed", a.message, { reason: a.code });
  if (a.setCookie) c.header("Set-Cookie", a.setCookie);
  c.header("Cache-Control", "no-store");
  return c.redirect(a.location, 302);
}

function startRoute(path: string, fixed?: ProviderId, deprecated = false): Endpoint {
  return endpoint(
    createRoute({
      method: "get",
      path,
      tags: ["oauth"],
      summary: fixed ? `Alias of /oauth/${fixed}/start (a seed system's path)` : "Follow a connect link: on to the provider's consent page",
      description:
        "Checks the connect session (valid, unused, unexpired) and the user's entitlement, sets the sealed state cookie (HttpOnly, SameSite=Lax, Secure over https, 10 minutes) and redirects to the provider.",
      deprecated,
      request: { ...(fixed ? {} : { params: z.object({ provider: ProviderParam }) }), query: StartQuery },
      responses: { 302: redirect, 400: errorResponse("the link is unknown, used or expired"), 404: errorResponse("unknown provider") },
    }),
    ({ connections }) =>
      async (c) => {
        const provider = fixed ?? (c.req.param("provider") as ProviderId);
        return answer(c, await startConnect(connections.flow, provider, c.req.query("session")));
      },
  );
}

function callbackRoute(path: string, fixed?: ProviderId, deprecated = false): Endpoint {
  return endpoint(
    createRoute({
      method: "get",
      path,
      tags: ["oauth"],
      summary: fixed ? `Alias of /oauth/${fixed}/callback (a seed system's path)` : "The provider's redirect back: store the connection",
      description:
        "Verifies state against the cookie (constant time, expiry, single use), checks the entitlement again, exchanges the code, stores the tokens encrypted, enqueues the first sync and redirects to the return URL with `?<provider>=connected` or `?error=<code>` (invalid_state, access_denied, not_entitled, oauth_exchange_failed, missing_code, oauth_error). Nothing is stored on any failure.",
      deprecated,
      request: { ...(fixed ? {} : { params: z.object({ provider: ProviderParam }) }), query: CallbackQuery },
      responses: { 302: redirect },
    }),
    ({ connections }) =>
      async (c) => {
        const provider = fixed ?? (c.req.param("provider") as ProviderId);
        const q = c.req.valid("query");
        return answer(c, await finishConnect(connections.flow, provider, q, getCookie(c, cookieName(provider))));
      },
  );
}

export const oauthStart = startRoute("/oauth/{provider}/start");
export const oauthCallback = callbackRoute("/oauth/{provider}/callback");

/** Seed 000's and 001's paths (and seed 003's provider-less ones, which were Notion's). */
export const OAUTH_ALIASES: readonly Endpoint[] = [
  startRoute("/api/notion/oauth/start", "notion", true),
  callbackRoute("/api/notion/oauth/callback", "notion", true),
  callbackRoute("/notion/oauth/callback", "notion", true),
  startRoute("/oauth/start", "notion", true),
  callbackRoute("/oauth/callback", "notion", true),
];
