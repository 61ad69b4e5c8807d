import type { Context, Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import { summarize } from "../request-log.ts";
import type { SandboxState } from "../state.ts";

const mintBody = z.object({ workspace_name: z.string().min(1).max(200).optional() }).strict();

/** Reads an optional JSON body; a malformed one is a 400 naming the problem. */
async function jsonBody(c: Context): Promise<unknown | Response> {
  const text = (await c.req.text()).trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return c.json({ error: { code: "invalid_json", message: "request body is not valid JSON" } }, 400);
  }
}

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
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: { code: "validation_error", message: `${issue?.path.join(".") || "body"}: ${issue?.message}` } }, 400);
    }
    const ws = state.createWorkspace(parsed.data.workspace_name);
    const token = state.mintNotionToken(ws);
    return c.json({ access_token: token.token, workspace_id: ws.id, workspace_name: ws.name, bot_id: ws.botId }, 201);
  });

  app.get("/__sandbox/requests", (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 100) || 100, 1), 10_000);
    return c.json({ ...summarize(state), recent: state.requests.slice(-limit) });
  });
}
