import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import { summarize } from "../request-log.ts";
import type { SandboxState } from "../state.ts";
import { faultRoutes } from "./faults.ts";
import { parsedBody } from "./json.ts";
import { seedRoute } from "./seed.ts";

const mintBody = z.object({ workspace_name: z.string().min(1).max(200).optional() }).strict();

const clientBody = z
  .object({
    client_id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/)
      .optional(),
    client_secret: z.string().min(8).max(200).optional(),
    redirect_uris: z.array(z.string().url()).min(1).max(20),
    name: z.string().min(1).max(100).optional(),
  })
  .strict();

/** The control API under /__sandbox/ (JSON): reset, mint tokens, read the request log. */
export function controlRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/__sandbox/reset", (c) => {
    state.reset();
    return c.json({ ok: true });
  });

  app.post("/__sandbox/notion/tokens", async (c) => {
    const parsed = await parsedBody(c, mintBody);
    if (parsed instanceof Response) return parsed;
    const ws = state.createWorkspace(parsed.workspace_name);
    const token = state.mintNotionToken(ws);
    return c.json({ access_token: token.token, workspace_id: ws.id, workspace_name: ws.name, bot_id: ws.botId }, 201);
  });

  app.post("/__sandbox/notion/tokens/revoke", async (c) => {
    const parsed = await parsedBody(c, z.object({ token: z.string().min(1) }).strict());
    if (parsed instanceof Response) return parsed;
    const token = state.tokens.get(parsed.token);
    if (!token) return c.json({ error: { code: "not_found", message: "token: no such Notion token" } }, 404);
    token.revoked = true;
    return c.json({ revoked: true });
  });

  faultRoutes(app, state);
  seedRoute(app, state);

  app.post("/__sandbox/notion/oauth-clients", async (c) => {
    const p = await parsedBody(c, clientBody);
    if (p instanceof Response) return p;
    const client = {
      clientId: p.client_id ?? `client_${randomBytes(8).toString("hex")}`,
      clientSecret: p.client_secret ?? `secret_${randomBytes(24).toString("base64url")}`,
      redirectUris: p.redirect_uris,
      name: p.name ?? "Sandbox integration",
    };
    state.oauthClients.set(client.clientId, client);
    return c.json(
      { client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: client.redirectUris, name: client.name },
      201,
    );
  });

  app.get("/__sandbox/notion/oauth-clients", (c) =>
    c.json({
      clients: [...state.oauthClients.values()].map((x) => ({
        client_id: x.clientId,
        client_secret: x.clientSecret,
        redirect_uris: x.redirectUris,
        name: x.name,
      })),
    }),
  );

  app.get("/__sandbox/requests", (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 100) || 100, 1), 10_000);
    return c.json({ ...summarize(state), recent: state.requests.slice(-limit) });
  });
}
