import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../core/env.ts";
import { parsedBody } from "../core/json.ts";
import { oauthClientRoutes } from "../core/oauth-clients.ts";
import { seedRoute } from "./seed.ts";
import type { NotionState } from "./state.ts";

const mintBody = z.object({ workspace_name: z.string().min(1).max(200).optional() }).strict();

/** The Notion part of the control API under /__sandbox/notion/: tokens, OAuth clients, seeding. */
export function notionControlRoutes(app: Hono<SandboxEnv>, state: NotionState): void {
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

  seedRoute(app, state);
  oauthClientRoutes(app, "/__sandbox/notion/oauth-clients", () => state.oauthClients);
}
