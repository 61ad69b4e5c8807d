import type { Client } from "@notionhq/client";
import { type Block, planAppends } from "../../src/sync/markdown/index.ts";
import { appendBlocks } from "../../src/sync/push/body-apply.ts";
import { listChildren, notion } from "../../src/sync/push/notion-ops.ts";

const isSubPage = (type: string) => type === "child_page" || type === "child_database";

/**
 * The naive update of a changed note: list the page's children, delete every block, append
 * the whole new body (the converter's plan). Sub-pages stay: they are nodes of their own.
 */
export async function naiveRewrite(client: Client, pageId: string, blocks: Block[]): Promise<void> {
  for (const child of await listChildren(client, pageId)) {
    if (!isSubPage(child.type)) await notion(() => client.blocks.delete({ block_id: child.id }));
  }
  await appendBlocks(client, pageId, blocks, null);
}

/**
 * What the naive update costs, from the block counts alone: one listing per 100 children
 * (at least one), one delete per top-level block, one append per planned request.
 */
export function naiveCalls(oldTopLevel: number, blocks: Block[]): { list: number; delete: number; append: number; total: number } {
  const list = Math.max(1, Math.ceil(oldTopLevel / 100));
  const append = planAppends(blocks).length;
  return { list, delete: oldTopLevel, append, total: list + oldTopLevel + append };
}
