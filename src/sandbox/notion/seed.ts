import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../core/env.ts";
import { parsedBody } from "../core/json.ts";
import type { NotionState } from "./state.ts";

interface DatabaseSeed {
  title: string;
  inline?: boolean;
  properties: Record<string, unknown>;
  rows?: Array<{ properties: Record<string, unknown>; children?: unknown[] }>;
}

interface PageSeed {
  title: string;
  icon?: string;
  children?: unknown[];
  pages?: PageSeed[];
  databases?: DatabaseSeed[];
}

const databaseSeed = z
  .object({
    title: z.string().max(2000),
    inline: z.boolean().optional(),
    properties: z.record(z.string(), z.unknown()),
    rows: z
      .array(z.object({ properties: z.record(z.string(), z.unknown()), children: z.array(z.unknown()).optional() }).strict())
      .optional(),
  })
  .strict();

const pageSeed: z.ZodType<PageSeed> = z.lazy(() =>
  z
    .object({
      title: z.string().max(2000),
      icon: z.string().max(20).optional(),
      children: z.array(z.unknown()).optional(),
      pages: z.array(pageSeed).optional(),
      databases: z.array(databaseSeed).optional(),
    })
    .strict(),
);

const seedBody = z
  .object({
    workspace_id: z.string().uuid().optional(),
    workspace_name: z.string().min(1).max(200).optional(),
    pages: z.array(pageSeed).optional(),
    databases: z.array(databaseSeed).optional(),
  })
  .strict();

/** A seed step the Notion API refused: where in the seed, and Notion's own message. */
class SeedError extends Error {
  constructor(
    readonly where: string,
    readonly notion: { code?: string; message?: string },
  ) {
    super(`${where}: ${notion.code ?? "error"}: ${notion.message ?? ""}`);
  }
}

const text = (content: string) => [{ type: "text", text: { content } }];

/** Everything seeding can touch, copied so a failed seed leaves no trace. */
function snapshot(state: NotionState) {
  const copy = {
    workspaces: structuredClone(state.workspaces),
    users: structuredClone(state.users),
    tokens: structuredClone(state.tokens),
    blocks: structuredClone(state.blocks),
    databases: structuredClone(state.databases),
    dataSources: structuredClone(state.dataSources),
  };
  return () => Object.assign(state, copy);
}

/**
 * POST /__sandbox/notion/seed: builds page trees, databases and rows in one call, through the
 * sandbox's own Notion API (so everything is validated exactly as a client's requests are), without
 * counting against rate limits or the request log. All or nothing: a refused step undoes the seed.
 */
export function seedRoute(app: Hono<SandboxEnv>, state: NotionState): void {
  app.post("/__sandbox/notion/seed", async (c) => {
    const seed = await parsedBody(c, seedBody);
    if (seed instanceof Response) return seed;
    if (seed.workspace_id && !state.workspaces.has(seed.workspace_id))
      return c.json({ error: { code: "validation_error", message: `workspace_id: no workspace ${seed.workspace_id}` } }, 400);
    const restore = snapshot(state);
    const ws = seed.workspace_id
      ? (state.workspaces.get(seed.workspace_id) as NonNullable<ReturnType<typeof state.workspaces.get>>)
      : state.createWorkspace(seed.workspace_name);
    const token = state.mintNotionToken(ws).token;
    const made = {
      pages: [] as Array<{ id: string; title: string }>,
      databases: [] as Array<{ id: string; title: string; data_source_id: string }>,
      rows: 0,
    };

    const call = async (where: string, path: string, body: unknown): Promise<{ id: string; data_sources?: Array<{ id: string }> }> => {
      const headers = { authorization: `Bearer ${token}`, "notion-version": "2025-09-03", "content-type": "application/json" };
      const res = await app.request(`/v1/${path}`, { method: "POST", headers, body: JSON.stringify(body) }, { internal: true });
      const json = (await res.json()) as { id: string; code?: string; message?: string };
      if (!res.ok) throw new SeedError(where, json);
      return json;
    };
    const database = async (d: DatabaseSeed, parent: unknown, where: string) => {
      const db = await call(where, "databases", {
        parent,
        title: text(d.title),
        is_inline: d.inline ?? false,
        initial_data_source: { properties: d.properties },
      });
      const dsId = db.data_sources?.[0]?.id ?? "";
      made.databases.push({ id: db.id, title: d.title, data_source_id: dsId });
      for (const [i, row] of (d.rows ?? []).entries()) {
        await call(`${where}.rows[${i}]`, "pages", {
          parent: { data_source_id: dsId },
          properties: row.properties,
          children: row.children,
        });
        made.rows++;
      }
    };
    const page = async (p: PageSeed, parent: unknown, where: string): Promise<void> => {
      const icon = p.icon ? { type: "emoji", emoji: p.icon } : undefined;
      const created = await call(where, "pages", { parent, properties: { title: { title: text(p.title) } }, icon, children: p.children });
      made.pages.push({ id: created.id, title: p.title });
      for (const [i, child] of (p.pages ?? []).entries()) await page(child, { page_id: created.id }, `${where}.pages[${i}]`);
      for (const [i, d] of (p.databases ?? []).entries())
        await database(d, { type: "page_id", page_id: created.id }, `${where}.databases[${i}]`);
    };

    try {
      for (const [i, p] of (seed.pages ?? []).entries()) await page(p, { workspace: true }, `pages[${i}]`);
      for (const [i, d] of (seed.databases ?? []).entries()) await database(d, { type: "workspace", workspace: true }, `databases[${i}]`);
    } catch (err) {
      restore();
      if (!(err instanceof SeedError)) throw err;
      return c.json({ error: { code: "validation_error", message: err.message, at: err.where, notion: err.notion } }, 400);
    }
    return c.json({ workspace_id: ws.id, workspace_name: ws.name, access_token: token, bot_id: ws.botId, ...made }, 201);
  });
}
