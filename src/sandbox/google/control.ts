import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../core/env.ts";
import { parsedBody } from "../core/json.ts";
import { oauthClientRoutes } from "../core/oauth-clients.ts";
import { googleCalendarControlRoutes } from "./control-calendars.ts";
import { controlError } from "./errors.ts";
import { parseScopes } from "./scopes.ts";
import type { GoogleState } from "./state.ts";
import { DEFAULT_GOOGLE_CLIENT, FULL_SCOPE } from "./state.ts";

const mintBody = z
  .object({
    account_id: z.string().optional(),
    email: z.string().email().max(320).optional(),
    name: z.string().min(1).max(200).optional(),
    client_id: z.string().optional(),
    scope: z
      .string()
      .refine((s) => parseScopes(s) !== null, "unknown scope")
      .optional(),
  })
  .strict();

const tokenBody = z.object({ token: z.string().min(1) }).strict();
const expireBody = z.object({ token: z.string().min(1).optional() }).strict();
const settingsBody = z.object({ access_token_lifetime_seconds: z.number().int().min(1).max(86_400).optional() }).strict();

/** The Google part of the control API under /__sandbox/google/. */
export function googleControlRoutes(app: Hono<SandboxEnv>, state: GoogleState): void {
  const g = () => state;

  app.post("/__sandbox/google/tokens", async (c) => {
    const p = await parsedBody(c, mintBody);
    if (p instanceof Response) return p;
    const account = p.account_id ? g().accounts.get(p.account_id) : g().createAccount({ email: p.email, name: p.name });
    if (!account) return controlError(c, 404, "not_found", `no Google account ${p.account_id}`);
    const clientId = p.client_id ?? DEFAULT_GOOGLE_CLIENT.clientId;
    if (!g().oauthClients.has(clientId)) return controlError(c, 404, "not_found", `no Google OAuth client ${clientId}`);
    const scope = p.scope ? (parseScopes(p.scope) ?? []).join(" ") : FULL_SCOPE;
    const { grant, access } = g().mintGrant(account.id, clientId, scope);
    return c.json(
      {
        access_token: access.token,
        refresh_token: grant.refreshToken,
        calendar_id: g().primaryCalendar(account.id)?.id,
        expires_in: g().tokenLifetimeSeconds,
        scope,
        client_id: clientId,
        account_id: account.id,
        email: account.email,
      },
      201,
    );
  });

  app.post("/__sandbox/google/tokens/revoke", async (c) => {
    const p = await parsedBody(c, tokenBody);
    if (p instanceof Response) return p;
    return g().revoke(p.token) ? c.json({ revoked: true }) : controlError(c, 404, "not_found", "unknown or already revoked token");
  });

  app.post("/__sandbox/google/tokens/expire", async (c) => {
    const p = await parsedBody(c, expireBody);
    if (p instanceof Response) return p;
    let expired = 0;
    for (const a of g().accessTokens.values()) {
      if (p.token && a.token !== p.token && a.refreshToken !== p.token) continue;
      if (a.expiresAt > g().now()) expired++;
      a.expiresAt = Math.min(a.expiresAt, g().now());
    }
    return c.json({ expired });
  });

  const settings = () => ({ access_token_lifetime_seconds: g().tokenLifetimeSeconds });
  app.get("/__sandbox/google/settings", (c) => c.json(settings()));
  app.put("/__sandbox/google/settings", async (c) => {
    const p = await parsedBody(c, settingsBody);
    if (p instanceof Response) return p;
    g().tokenLifetimeSeconds = p.access_token_lifetime_seconds ?? g().tokenLifetimeSeconds;
    return c.json(settings());
  });

  oauthClientRoutes(app, "/__sandbox/google/oauth-clients", () => g().oauthClients);
  googleCalendarControlRoutes(app, state);
}
