import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { notionApi } from "../../src/providers/notion/client.ts";
import { createProviderRuntime } from "../../src/providers/runtime.ts";
import { staticToken } from "../../src/providers/tokens.ts";
import { markdownToBlocks } from "../../src/sync/markdown/index.ts";
import { type DocumentInput, upsertDocuments } from "../../src/sync/push/documents.ts";
import { type PushOptions, runPushSync } from "../../src/sync/push/engine.ts";
import type { PageContext } from "../../src/sync/push/pages.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { sandboxNotionUser } from "../../test/helpers/notion-user.ts";
import { control } from "./calls.ts";

/** So high that Ferry's limiter never waits: the bench counts calls, not seconds. */
const UNLIMITED = { perSecond: 1_000_000, burst: 1_000_000 };
const LIMITS = { connection: UNLIMITED, workspace: UNLIMITED };

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
 * context for it (the push tests' fixture starts from the same user), rendering with the real converter.
 */
export async function pushBench(db: Db, sandboxUrl: string): Promise<PushBench> {
  const { userId, connectionId, token, workspaceId, botId } = await sandboxNotionUser(db, sandboxUrl, {
    idPrefix: "bench_",
    ring: new KeyRing(Buffer.alloc(32, 9)),
    post: control,
  });
  let sent = 0;
  const counting: typeof fetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };
  const runtime = createProviderRuntime({ db, logger: silentLogger(), fetch: counting });
  const client = notionApi(runtime, sandboxUrl, LIMITS, { connectionId, externalId: workspaceId, tokens: staticToken(token) });
  const ctx: PageContext = { db, client, userId, connectionId, botId, now: () => new Date() };
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
