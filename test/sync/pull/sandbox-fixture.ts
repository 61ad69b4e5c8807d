/**
 * A user of Ferry and a fresh sandbox workspace, with the official Notion client on its bot token
 * straight to the sandbox: what `pullDataSource` and `pullUser` need, without the provider layer.
 */
import { randomUUID } from "node:crypto";
import { Client } from "@notionhq/client";
import { upsertUser } from "../../../src/connections/users.ts";
import type { Db } from "../../../src/db/types.ts";

export interface SeedDatabase {
  title: string;
  properties: Record<string, unknown>;
  rows?: Array<{ properties: Record<string, unknown>; in_trash?: boolean }>;
}

export interface NotionFixture {
  userId: string;
  token: string;
  workspaceId: string;
  client: Client;
  /** Seeds databases into the workspace through the control API; their data source ids, in order. */
  seed(databases: SeedDatabase[]): Promise<string[]>;
}

export async function notionFixture(db: Db, sandboxUrl: string): Promise<NotionFixture> {
  const res = await fetch(`${sandboxUrl}/__sandbox/notion/tokens`, { method: "POST", body: "" });
  if (res.status !== 201) throw new Error(`minting a Notion token failed: ${res.status} ${await res.text()}`);
  const minted = (await res.json()) as { access_token: string; workspace_id: string };
  const userId = `puller_${randomUUID().slice(0, 8)}`;
  await upsertUser(db, { id: userId, entitlements: ["notion_sync"], tier: "free", metadata: {} });
  return {
    userId,
    token: minted.access_token,
    workspaceId: minted.workspace_id,
    client: new Client({ auth: minted.access_token, baseUrl: sandboxUrl, retry: false }),
    async seed(databases) {
      const seeded = await fetch(`${sandboxUrl}/__sandbox/notion/seed`, {
        method: "POST",
        body: JSON.stringify({ workspace_id: minted.workspace_id, databases }),
      });
      if (seeded.status !== 201) throw new Error(`seeding failed: ${seeded.status} ${await seeded.text()}`);
      return ((await seeded.json()) as { databases: Array<{ data_source_id: string }> }).databases.map((d) => d.data_source_id);
    },
  };
}

/** Calls per endpoint (`POST /v1/data_sources/:id/query`) the sandbox logged for `token` while `fn` ran. */
export async function callsDuring<T>(
  sandboxUrl: string,
  token: string,
  fn: () => Promise<T>,
): Promise<{ result: T; calls: Record<string, number> }> {
  type Entry = { endpoint: string; token: string | null };
  const read = async () =>
    (await (await fetch(`${sandboxUrl}/__sandbox/requests?limit=10000`)).json()) as { total: number; recent: Entry[] };
  const before = (await read()).total;
  const result = await fn();
  const after = await read();
  if (after.total >= 10_000) throw new Error("the sandbox's request log is full: calls would be cut");
  const calls: Record<string, number> = {};
  const added = after.total - before;
  for (const e of added > 0 ? after.recent.slice(-added) : [])
    if (e.token === token.slice(-4) && e.endpoint.includes(" /v1/")) calls[e.endpoint] = (calls[e.endpoint] ?? 0) + 1;
  return { result, calls };
}
