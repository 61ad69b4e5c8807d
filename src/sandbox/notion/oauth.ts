import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { safeEqual } from "../../secrets.ts";
import type { OAuthClient } from "../core/oauth-clients.ts";
import type { NotionEnv } from "./env.ts";
import { notionRequestId } from "./errors.ts";
import { consentPage } from "./oauth-page.ts";
import type { NotionState } from "./state.ts";
import { userObject } from "./users.ts";

const CODE_TTL_MS = 10 * 60_000;

/** The client named by HTTP Basic auth, with its secret checked in constant time. */
function basicClient(c: Context, state: NotionState): OAuthClient | undefined {
  const header = c.req.header("authorization") ?? "";
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m?.[1]) return undefined;
  const [id, ...rest] = Buffer.from(m[1], "base64").toString("utf8").split(":");
  const client = id ? state.oauthClients.get(id) : undefined;
  return client && safeEqual(rest.join(":"), client.clientSecret) ? client : undefined;
}

/** The client and redirect URI of an authorize request, checked before anything is shown. */
function authorizeTarget(state: NotionState, clientId: string | undefined, redirectUri: string | undefined): OAuthClient | string {
  const client = clientId ? state.oauthClients.get(clientId) : undefined;
  if (!client) return "Unknown client_id: this integration is not registered with the sandbox.";
  if (!redirectUri || !client.redirectUris.includes(redirectUri))
    return "Missing or invalid redirect_uri: it must match one of the client's redirect URIs exactly.";
  return client;
}

function redirectWith(c: Context, uri: string, params: Record<string, string | undefined>) {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.redirect(url.toString(), 302);
}

/** OAuth's own error shape (RFC 6749 §5.2), which Notion's token endpoints answer with. */
function oauthError(
  c: Context,
  error: "invalid_grant" | "invalid_client" | "invalid_request" | "unsupported_grant_type",
  description: string,
) {
  return c.json({ error, error_description: description, request_id: notionRequestId(c) }, error === "invalid_client" ? 401 : 400);
}

/** Introspect and revoke: an authenticated client naming a token (access or refresh) in the body. */
async function tokenRequest(c: Context, state: NotionState) {
  if (!basicClient(c, state)) return oauthError(c, "invalid_client", "Invalid client credentials.");
  const body = (await c.req.json().catch(() => ({}))) as { token?: unknown };
  const token = typeof body.token === "string" ? body.token : "";
  return { access: state.tokens.get(token), grant: state.oauthGrants.get(token) };
}

const secret = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;

/** Notion's OAuth server: authorize page (Allow / Deny), token, introspect, revoke. */
export function oauthRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.get("/v1/oauth/authorize", (c) => {
    const q = c.req.query();
    const target = authorizeTarget(state, q.client_id, q.redirect_uri);
    if (typeof target === "string") return c.text(target, 400);
    if (q.response_type !== "code")
      return redirectWith(c, q.redirect_uri as string, { error: "unsupported_response_type", state: q.state });
    return c.html(
      consentPage(target, [...state.workspaces.values()], {
        client_id: target.clientId,
        redirect_uri: q.redirect_uri as string,
        state: q.state ?? "",
      }),
    );
  });

  app.post("/v1/oauth/authorize", async (c) => {
    const form = await c.req.parseBody();
    const field = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : undefined);
    const target = authorizeTarget(state, field("client_id"), field("redirect_uri"));
    if (typeof target === "string") return c.text(target, 400);
    const redirectUri = field("redirect_uri") as string;
    const st = field("state") || undefined;
    if (field("decision") !== "allow") return redirectWith(c, redirectUri, { error: "access_denied", state: st });
    const chosen = field("workspace");
    const ws =
      chosen && chosen !== "new" ? state.workspaces.get(chosen) : state.createWorkspace(`Sandbox Workspace ${state.workspaces.size + 1}`);
    if (!ws) return c.text("Unknown workspace.", 400);
    const owner = state.ownerOf(ws.id);
    const code = secret("code_");
    state.oauthCodes.set(code, {
      code,
      clientId: target.clientId,
      redirectUri,
      workspaceId: ws.id,
      ownerId: owner?.id ?? ws.botId,
      expiresAt: state.clock.now().getTime() + CODE_TTL_MS,
      used: false,
    });
    return redirectWith(c, redirectUri, { code, state: st });
  });

  app.post("/v1/oauth/token", async (c) => {
    const client = basicClient(c, state);
    if (!client) return oauthError(c, "invalid_client", "Invalid client credentials.");
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") return oauthError(c, "invalid_request", "The request body must be a JSON object.");
    let workspaceId: string;
    let ownerId: string;
    if (body.grant_type === "authorization_code") {
      const code = typeof body.code === "string" ? state.oauthCodes.get(body.code) : undefined;
      if (!code || code.used || code.clientId !== client.clientId || code.expiresAt < state.clock.now().getTime()) {
        if (code) code.used = true;
        return oauthError(c, "invalid_grant", "Invalid code.");
      }
      if (body.redirect_uri !== undefined && body.redirect_uri !== code.redirectUri)
        return oauthError(c, "invalid_grant", "Invalid redirect_uri.");
      code.used = true;
      workspaceId = code.workspaceId;
      ownerId = code.ownerId;
    } else if (body.grant_type === "refresh_token") {
      const grant = typeof body.refresh_token === "string" ? state.oauthGrants.get(body.refresh_token) : undefined;
      if (!grant || grant.revoked || grant.clientId !== client.clientId) return oauthError(c, "invalid_grant", "Invalid refresh token.");
      // Rotation: the old pair stops working.
      grant.revoked = true;
      const old = state.tokens.get(grant.accessToken);
      if (old) old.revoked = true;
      workspaceId = grant.workspaceId;
      ownerId = grant.ownerId;
    } else {
      return oauthError(c, "unsupported_grant_type", `Unsupported grant_type: ${JSON.stringify(body.grant_type)}.`);
    }
    const ws = state.workspaces.get(workspaceId);
    if (!ws) return oauthError(c, "invalid_grant", "The workspace of this grant no longer exists.");
    const access = state.mintNotionToken(ws);
    const refreshToken = secret("nrt_");
    state.oauthGrants.set(refreshToken, {
      refreshToken,
      clientId: client.clientId,
      workspaceId,
      ownerId,
      accessToken: access.token,
      revoked: false,
    });
    const owner = state.users.get(ownerId);
    return c.json({
      access_token: access.token,
      token_type: "bearer",
      refresh_token: refreshToken,
      bot_id: ws.botId,
      workspace_id: ws.id,
      workspace_name: ws.name,
      workspace_icon: ws.icon,
      owner: { type: "user", user: owner ? userObject(state, owner) : { object: "user", id: ownerId } },
      duplicated_template_id: null,
      request_id: notionRequestId(c),
    });
  });

  app.post("/v1/oauth/introspect", async (c) => {
    const found = await tokenRequest(c, state);
    if (found instanceof Response) return found;
    const { access, grant } = found;
    const active = (access !== undefined && !access.revoked) || (grant !== undefined && !grant.revoked);
    return c.json({
      active,
      ...(active ? { scope: "read_content update_content insert_content", iat: Math.floor(state.clock.now().getTime() / 1000) } : {}),
      request_id: notionRequestId(c),
    });
  });

  app.post("/v1/oauth/revoke", async (c) => {
    const found = await tokenRequest(c, state);
    if (found instanceof Response) return found;
    const { access, grant } = found;
    if (access) access.revoked = true;
    if (grant) {
      grant.revoked = true;
      const a = state.tokens.get(grant.accessToken);
      if (a) a.revoked = true;
    }
    return c.json({ request_id: notionRequestId(c) });
  });
}
