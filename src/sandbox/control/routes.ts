import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import { summarize } from "../request-log.ts";
import type { SandboxState } from "../state.ts";
import { faultRoutes } from "./faults.ts";
import { badRequest, jsonBody } from "./json.ts";

const mintBody = z.object({ workspace_name: z.string().min(1).max(200).optional() }).strict();

/** The control API under /__sandbox/ (JSON): reset, mint tokens, read the request log. */
export function controlRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/__sandbox/reset", (c) => {
    state.reset();
    return c.json({ ok: true });
  });

  app.post("/__sandbox/notion/tokens", async (c) => {
    const raw = await jsonBody(c);
    if (raw instanceof Response) return raw;
    const parsed = mintBody.safeParse(raw);
    if (!parsed.success) return badRequest(c, parsed.error);
    const ws = state.createWorkspace(parsed.data.workspace_name);
    const token = state.mintNotionToken(ws);
    return c.json({ access_token: token.token, workspace_id: ws.id, workspace_name: ws.name, bot_id: ws.botId }, 201);
  });

  faultRoutes(app, state);

  app.get("/__sandbox/requests", (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 100) || 100, 1), 10_000);
    return c.json({ ...summarize(state), recent: state.requests.slice(-limit) });
  });
}
