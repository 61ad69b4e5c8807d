/**
 * A user of Ferry with an active Notion connection to a fresh workspace of the sandbox: the push
 * engine's tests and `npm run bench:push` both start from one. No vitest imports.
 */
import { randomUUID } from "node:crypto";
import { saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import type { Db } from "../../src/db/types.ts";
import type { KeyRing } from "../../src/vault/keyring.ts";

export interface SandboxNotionUser {
  userId: string;
  connectionId: string;
  /** The bot token, workspace and bot of the sandbox workspace behind the connection. */
  token: string;
  workspaceId: string;
  botId: string;
}

/**
 * Mints a workspace's bot token through the sandbox's control API (with `post`: a caller may pass
 * one that retries) and saves it, sealed with `ring`, as the Notion connection of a new user whose
 * id starts with `idPrefix`.
 */
export async function sandboxNotionUser(
  db: Db,
  sandboxUrl: string,
  { idPrefix, ring, post = fetch }: { idPrefix: string; ring: KeyRing; post?: (url: string, init: RequestInit) => Promise<Response> },
): Promise<SandboxNotionUser> {
  const res = await post(`${sandboxUrl}/__sandbox/notion/tokens`, { method: "POST", body: "" });
  const minted = (await res.json()) as { access_token: string; workspace_id: string; bot_id: string };
  const userId = `${idPrefix}${randomUUID().slice(0, 8)}`;
  await upsertUser(db, { id: userId, entitlements: ["notion_sync"], tier: "free", metadata: {} });
  const { connection } = await db.transaction((tx) =>
    saveConnection(tx, ring, {
      userId,
      provider: "notion",
      account: {
        externalId: minted.workspace_id,
        metadata: { bot_id: minted.bot_id },
        tokens: { accessToken: minted.access_token, refreshToken: null, expiresAt: null, scopes: [] },
      },
      now: new Date(),
    }),
  );
  return { userId, connectionId: connection.id, token: minted.access_token, workspaceId: minted.workspace_id, botId: minted.bot_id };
}
