import type { Client } from "@notionhq/client";
import { silentLogger } from "../../src/logger.ts";
import { notionProvider } from "../../src/providers/notion/index.ts";
import type { ProviderRuntime } from "../../src/providers/runtime.ts";
import type { Block } from "../../src/sync/push/body-apply.ts";
import { type DocumentInput, upsertDocuments } from "../../src/sync/push/documents.ts";
import { type PushOptions, runPushSync } from "../../src/sync/push/engine.ts";
import type { PageContext } from "../../src/sync/push/pages.ts";
import { openSession, type SyncDeps } from "../../src/sync/session.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import type { TestDb } from "./db.ts";
import { sandboxNotionUser } from "./notion-user.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "./providers.ts";

/** One paragraph per non-empty line: enough for the engine's tests (the converter has its own). */
export const linesToBlocks = (md: string): Block[] =>
  md
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => ({
      type: "paragraph" as const,
      paragraph: {
        rich_text: [
          {
            type: "text" as const,
            text: { content: l, link: null },
            annotations: { bold: false, italic: false, strikethrough: false, code: false },
          },
        ],
      },
    }));

export interface PushFixture {
  /** What the engine's jobs run on (the providers point at the sandbox). */
  deps: SyncDeps;
  ctx: PageContext;
  client: Client;
  runtime: ProviderRuntime;
  opts: PushOptions;
  userId: string;
  /** The bot token and workspace of the sandbox workspace behind the connection. */
  token: string;
  workspaceId: string;
  sync(over?: Partial<PushOptions>): ReturnType<typeof runPushSync>;
  write(docs: Array<Partial<DocumentInput> & { kind: string; id: string }>): Promise<void>;
}

/** A user with a Notion connection to a fresh sandbox workspace, and the engine's context for it. */
export async function pushFixture(t: TestDb, sandboxUrl: string, render: PushOptions["render"] = linesToBlocks): Promise<PushFixture> {
  const ring = new KeyRing(Buffer.alloc(32, 7));
  const { userId, connectionId, token, workspaceId, botId } = await sandboxNotionUser(t.db, sandboxUrl, { idPrefix: "u_", ring });
  const runtime = testRuntime(t.db);
  const deps = testSyncDeps(t.db, await sandboxProviders(sandboxUrl, runtime), { ring });
  // The client every push job gets: the session's, on the stored connection's tokens.
  const { api: client } = await openSession(deps, notionProvider, { connectionId });
  const ctx: PageContext = { db: t.db, client, userId, connectionId, botId, now: () => new Date() };
  const opts: PushOptions = { render, appName: "Notic", deletionPolicy: "archive", trashedPolicy: "recreate", logger: silentLogger() };
  return {
    deps,
    ctx,
    client,
    runtime,
    opts,
    userId,
    token,
    workspaceId,
    sync: (over = {}) => runPushSync(ctx, { ...opts, ...over }),
    write: async (docs) => {
      await t.db.transaction((tx) =>
        upsertDocuments(
          tx,
          userId,
          docs.map((d) => ({ parent: null, title: "", body: null, position: 0, updatedAt: null, ...d })),
        ),
      );
    },
  };
}

type Kid = { id: string; type: string; child_page?: { title: string }; in_trash?: boolean };

/** Every live child page under `id`, recursively, as "/parent/title" paths: what a person would see. */
export async function pageTree(client: Client, id: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 });
    for (const k of page.results as unknown as Kid[]) {
      if (k.type !== "child_page" || k.in_trash) continue;
      const path = `${prefix}/${k.child_page?.title}`;
      out.push(path, ...(await pageTree(client, k.id, path)));
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}
