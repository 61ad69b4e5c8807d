import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import { summarize } from "../request-log.ts";
import type { SandboxState } from "../state.ts";
import { faultRoutes } from "./faults.ts";
import { parsedBody } from "./json.ts";
import { oauthClientRoutes } from "./oauth-clients.ts";
import { seedRoute } from "./seed.ts";

const mintBody = z.object({ workspace_name: z.string().min(1).max(200).optional() }).strict();

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

  oauthClientRoutes(app, "/__sandbox/notion/oauth-clients", () => state.oauthClients);

  app.get("/__sandbox/requests", (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 100) || 100, 1), 10_000);
    return c.json({ ...summarize(state), recent: state.requests.slice(-limit) });
  });
}
