import type { FlowDeps } from "../connections/flow.ts";
import type { TokenDeps } from "../connections/refresh.ts";
import { removeConnection } from "../connections/remove.ts";
import { upsertUser } from "../connections/users.ts";
import { isNonRetryable } from "../errors.ts";
import { notionProvider } from "../providers/notion/index.ts";
import { BACKGROUND_PRIORITY } from "../sync/priorities.ts";
import { upsertDocuments } from "../sync/push/documents.ts";
import { requestPushSync } from "../sync/push/request.ts";
import { notionConnectionOf, pushStatus } from "../sync/push/status.ts";
import { openSession } from "../sync/session.ts";
import { connectLink, connectThroughSandbox, type LinkOptions } from "./connect.ts";
import { type DemoNode, demoDocuments } from "./content/index.ts";

export const DEMO_USER = "demo";

export interface DemoDeps extends LinkOptions {
  flow: FlowDeps;
  tokens: TokenDeps;
  tree?: readonly DemoNode[];
}

export interface SeedResult {
  userId: string;
  /** The demo user's active Notion connection; null when Notion is live and the link must be followed by a person. */
  connectionId: string | null;
  /** How the connection came about. */
  connection: "existing" | "connected" | "link";
  /** For live Notion: the connect link to open in a browser. */
  connectUrl: string | null;
  /** The `notion.sync` job to wait for; null when there is nothing to sync (or no connection yet). */
  jobId: string | null;
}

/**
 * The demo user's connection if it still works at the provider. A built-in sandbox forgets its
 * workspaces when it stops, so after a restart the stored grant is refused: the connection is
 * then marked invalid (as for any revoked grant) and removed, and the demo connects again.
 */
async function workingConnection(deps: DemoDeps, userId: string): Promise<string | null> {
  const conn = await notionConnectionOf(deps.flow.db, userId);
  if (!conn) return null;
  if (conn.status === "active") {
    try {
      const session = await openSession(deps.tokens, notionProvider, { connectionId: conn.id });
      await session.provider.verify(session.api);
      return conn.id;
    } catch (err) {
      if (!isNonRetryable(err)) throw err;
    }
  }
  deps.flow.logger.info(
    { userId, connectionId: conn.id },
    "demo: the stored Notion connection no longer works (a restarted sandbox forgets its workspaces); connecting again",
  );
  await removeConnection(deps.tokens, userId, conn.id);
  return workingConnection(deps, userId);
}

/**
 * Seeds the demo, idempotently: the user `demo` (notion_sync, calendar_sync), its workspaces,
 * folders and notes (stable ids: seeding again changes nothing), a Notion connection made
 * through the real OAuth flow against the sandbox (unless a working one exists), and a
 * `notion.sync` job when anything is not in Notion yet.
 */
export async function seedDemo(deps: DemoDeps, userId = DEMO_USER): Promise<SeedResult> {
  const { db } = deps.flow;
  await upsertUser(db, { id: userId, entitlements: ["notion_sync", "calendar_sync"], tier: "free", metadata: { demo: true } });
  await db.transaction((tx) => upsertDocuments(tx, userId, demoDocuments(deps.tree)));
  let connectionId = await workingConnection(deps, userId);
  let connection: SeedResult["connection"] = "existing";
  if (!connectionId) {
    if (deps.tokens.providers.get(notionProvider.id)?.mode !== "sandbox") {
      const connectUrl = await connectLink(deps.flow, userId, deps);
      return { userId, connectionId: null, connection: "link", connectUrl, jobId: null };
    }
    await connectThroughSandbox(deps.flow, userId, deps);
    connectionId = (await notionConnectionOf(db, userId))?.id ?? null;
    connection = "connected";
  }
  if (!connectionId) throw new Error("demo: the Notion connection was not stored");
  const status = await pushStatus(db, userId);
  if (status.pending === 0 && !status.queued && !status.running) return { userId, connectionId, connection, connectUrl: null, jobId: null };
  // As "Sync now" does, at background priority: a queued job is joined, a running one gets a follow-up.
  const job = await requestPushSync(db, deps.flow.queue, userId, { priority: BACKGROUND_PRIORITY });
  return { userId, connectionId, connection, connectUrl: null, jobId: job.job_id };
}
