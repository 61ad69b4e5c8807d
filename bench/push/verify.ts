import type { Client } from "@notionhq/client";
import type { Queryable } from "../../src/db/types.ts";
import { blocksToPlainText, markdownToBlocks, type TextBlock } from "../../src/sync/markdown/index.ts";
import { listChildren } from "../../src/sync/push/notion-ops.ts";

/** A page's body read back as a block tree, sub-pages left out. */
async function readBody(client: Client, id: string): Promise<TextBlock[]> {
  const out: TextBlock[] = [];
  for (const block of await listChildren(client, id)) {
    if (block.type === "child_page" || block.type === "child_database") continue;
    out.push({ ...block, children: block.has_children ? await readBody(client, block.id) : [] });
  }
  return out;
}

/** Note ids whose page does not read back as their markdown (compared as plain text, block by block). */
export async function mismatchedBodies(client: Client, notes: Array<{ pageId: string; id: string; body: string }>): Promise<string[]> {
  const bad: string[] = [];
  for (const n of notes) {
    const want = blocksToPlainText(markdownToBlocks(n.body));
    if (blocksToPlainText(await readBody(client, n.pageId)) !== want) bad.push(n.id);
  }
  return bad;
}

/** Page ids of the user's nodes by node id, and how many distinct pages there are. */
export async function pagesOf(db: Queryable, userId: string): Promise<{ byNode: Map<string, string>; synced: number; distinct: number }> {
  const { rows } = await db.query<{ doc_id: string; page_id: string | null; status: string }>(
    "SELECT doc_id, page_id, status FROM notion_pages WHERE user_id = $1",
    [userId],
  );
  const byNode = new Map(rows.flatMap((r) => (r.page_id ? [[r.doc_id, r.page_id] as [string, string]] : [])));
  return { byNode, synced: rows.filter((r) => r.status === "synced").length, distinct: new Set(byNode.values()).size };
}
