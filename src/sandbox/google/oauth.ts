import type { Context, Hono } from "hono";
import type { OAuthClient } from "../core/oauth-clients.ts";
import type { GoogleEnv } from "./env.ts";
import { secret } from "./ids.ts";
import { googleConsentPage } from "./oauth-page.ts";
import { parseScopes } from "./scopes.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleCode } from "./types.ts";

const CODE_TTL_MS = 10 * 60_000;

interface AuthorizeRequest {
  client: OAuthClient;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  offline: boolean;
  challenge: GoogleCode["challenge"];
}

/** Google's error page text for a request it will not redirect back from. */
const errorPage = (c: Context, error: string, detail: string) => c.text(`Error 400: ${error}\n\n${detail}`, 400);

/** Checks an authorize request (query or consent form) the way Google does before it shows anything. */
function authorizeRequest(c: Context, state: GoogleState, f: Record<string, string | undefined>): AuthorizeRequest | Response {
  const client = f.client_id ? state.oauthClients.get(f.client_id) : undefined;
  if (!client) return errorPage(c, "invalid_client", "The OAuth client was not found.");
  if (!f.redirect_uri || !client.redirectUris.includes(f.redirect_uri))
    return errorPage(c, "redirect_uri_mismatch", "The redirect_uri does not match one registered for this client exactly.");
  if (!f.scope) return errorPage(c, "invalid_request", "Missing required parameter: scope");
  const scopes = parseScopes(f.scope);
  if (!scopes) return errorPage(c, "invalid_scope", `Some requested scopes are not known to the sandbox: ${f.scope}`);
  const method = f.code_challenge_method ?? "plain";
  if (f.code_challenge && method !== "S256" && method !== "plain")
    return errorPage(c, "invalid_request", "Invalid code_challenge_method: use S256 or plain.");
  return {
    client,
    redirectUri: f.redirect_uri,
    scopes,
    state: f.state || undefined,
    offline: f.access_type === "offline",
    challenge: f.code_challenge ? { value: f.code_challenge, method: method as "S256" | "plain" } : null,
  };
}

function redirectWith(c: Context, uri: string, params: Record<string, string | undefined>) {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.redirect(url.toString(), 302);
}

/** The fields the consent form carries over from the authorize request. */
const CARRIED = ["client_id", "redirect_uri", "scope", "state", "access_type", "code_challenge", "code_challenge_method"] as const;

/** Google's authorization endpoint: a consent page (GET) and its Allow / Cancel form (POST). */
export function googleAuthorizeRoutes(app: Hono<GoogleEnv>, state: GoogleState): void {
  app.get("/o/oauth2/v2/auth", (c) => {
    const q = c.req.query();
    const req = authorizeRequest(c, state, q);
    if (req instanceof Response) return req;
    if (q.response_type !== "code") return redirectWith(c, req.redirectUri, { error: "unsupported_response_type", state: req.state });
    const hidden = Object.fromEntries(CARRIED.map((k) => [k, q[k] ?? ""]));
    return c.html(googleConsentPage(req.client, [...state.accounts.values()], req.scopes, hidden));
  });

  app.post("/o/oauth2/v2/auth", async (c) => {
    const form = await c.req.parseBody().catch(() => ({}));
    const f = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : undefined]));
    const req = authorizeRequest(c, state, f);
    if (req instanceof Response) return req;
    if (f.decision !== "allow") return redirectWith(c, req.redirectUri, { error: "access_denied", state: req.state });
    const account = !f.account || f.account === "new" ? state.createAccount() : state.accounts.get(f.account);
    if (!account) return errorPage(c, "invalid_request", "Unknown account.");
    const code = secret("4/");
    state.codes.set(code, {
      code,
      clientId: req.client.clientId,
      redirectUri: req.redirectUri,
      accountId: account.id,
      scope: req.scopes.join(" "),
      offline: req.offline,
      challenge: req.challenge,
      expiresAt: state.now() + CODE_TTL_MS,
      used: false,
    });
    return redirectWith(c, req.redirectUri, { code, scope: req.scopes.join(" "), state: req.state });
  });
}
