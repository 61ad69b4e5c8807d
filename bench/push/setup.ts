import { randomUUID } from "node:crypto";
import { saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { notionApi } from "../../src/providers/notion/client.ts";
import { createProviderRuntime, type RateLimits } from "../../src/providers/runtime.ts";
import { markdownToBlocks } from "../../src/sync/markdown/index.ts";
import { type DocumentInput, upsertDocuments } from "../../src/sync/push/documents.ts";
import { type PushOptions, runPushSync } from "../../src/sync/push/engine.ts";
import type { PageContext } from "../../src/sync/push/pages.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { control } from "./calls.ts";

/** So high that Ferry's limiter never waits: the bench counts calls, not seconds. */
const UNLIMITED = { perSecond: 1_000_000, burst: 1_000_000 };
const LIMITS: RateLimits = { notion: { connection: UNLIMITED, workspace: UNLIMITED }, google: { user: UNLIMITED, project: UNLIMITED } };

export interface PushBench {
  ctx: PageContext;
  userId: string;
  /** Ferry's own count of the requests it sent (every attempt), beside the sandbox's log. */
  sent: () => number;
  sync(): ReturnType<typeof runPushSync>;
  write(docs: DocumentInput[]): Promise<void>;
}

/**
 * A user with a Notion connection to a fresh workspace of the sandbox, and the push engine's
 * context for it (the same steps as the push tests' fixture), rendering with the real converter.
 */
export async function pushBench(db: Db, sandboxUrl: string): Promise<PushBench> {
  const res = await control(`${sandboxUrl}/__sandbox/notion/tokens`, { method: "POST", body: "" });
  const minted = (await res.json()) as { access_token: string; workspace_id: string; bot_id: string };
  const userId = `bench_${randomUUID().slice(0, 8)}`;
  await upsertUser(db, { id: userId, entitlements: ["notion_sync"], tier: "free", metadata: {} });
  const { connection } = await db.transaction((tx) =>
    saveConnection(tx, new KeyRing(Buffer.alloc(32, 9)), {
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
  let sent = 0;
  const counting: typeof fetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };
  const runtime = createProviderRuntime({ db, logger: silentLogger(), limits: LIMITS, fetch: counting });
  const client = notionApi(runtime, sandboxUrl, {
    token: minted.access_token,
    connectionId: connection.id,
    workspaceId: minted.workspace_id,
  });
  const ctx: PageContext = { db, client, userId, connectionId: connection.id, botId: minted.bot_id, now: () => new Date() };
  const opts: PushOptions = {
    render: markdownToBlocks,
    appName: "Bench",
    deletionPolicy: "archive",
    trashedPolicy: "recreate",
    logger: silentLogger(),
  };
  return {
    ctx,
    userId,
    sent: () => sent,
    sync: () => runPushSync(ctx, opts),
    write: async (docs) => {
      for (let i = 0; i < docs.length; i += 500) await db.transaction((tx) => upsertDocuments(tx, userId, docs.slice(i, i + 500)));
    },
  };
}
