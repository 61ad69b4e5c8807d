import type { Queryable } from "../db/types.ts";
import { getPushState, pageCounts } from "../sync/push/status.ts";
import { DEMO_TREE, type DemoNode, demoCounts } from "./content/index.ts";
import type { SeedResult } from "./seed.ts";

export interface DemoSummary {
  userId: string;
  counts: Record<DemoNode["kind"], number>;
  /** Notion pages the demo has: one per node, plus the root page Ferry made (mapped as kind `_root`). */
  pages: number;
  rootPageId: string | null;
  /** Nodes whose last sync failed (their errors are in `GET /v1/users/demo/sync`). */
  failed: number;
  connectUrl: string | null;
}

/** What the demo has in Notion now, from the mapping table and the push state. */
export async function demoSummary(db: Queryable, seed: SeedResult, tree: readonly DemoNode[] = DEMO_TREE): Promise<DemoSummary> {
  const state = await getPushState(db, seed.userId);
  const pages = await pageCounts(db, seed.userId, seed.connectionId);
  const root = seed.connectionId && state?.connectionId === seed.connectionId ? state.rootPageId : null;
  return {
    userId: seed.userId,
    counts: demoCounts(tree),
    pages: pages.synced,
    rootPageId: root,
    failed: pages.failed,
    connectUrl: seed.connectUrl,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Where to look: the sandbox (to read the pages) and the HTTP API, when they run. */
export interface Where {
  sandboxUrl?: string;
  apiUrl?: string;
  /** Where the API's bearer token comes from, e.g. `.ferry/api-token`. */
  tokenHint?: string;
}

/** The summary for people, a few lines. */
export function summaryLines(s: DemoSummary, where: Where): string[] {
  const { workspace, folder, note } = s.counts;
  const content = `${plural(workspace, "workspace")}, ${plural(folder, "folder")}, ${plural(note, "note")}`;
  if (s.connectUrl)
    return [`Demo user "${s.userId}": ${content}. Notion is not the sandbox here: connect it in a browser at ${s.connectUrl}`];
  const lines = [`Demo user "${s.userId}": ${content} → ${plural(s.pages, "Notion page")}.`];
  if (s.failed > 0) lines.push(`  ${plural(s.failed, "node")} did not sync; see GET /v1/users/${s.userId}/sync.`);
  if (where.sandboxUrl) lines.push(`  Read them at ${where.sandboxUrl}/${s.rootPageId ? `pages/${s.rootPageId}` : ""}`);
  if (where.apiUrl)
    lines.push(`  API at ${where.apiUrl}${where.tokenHint ? ` (token in ${where.tokenHint})` : ""}, e.g. GET /v1/users/${s.userId}/sync`);
  return lines;
}
