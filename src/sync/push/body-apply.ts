import { createHash } from "node:crypto";
import type { Client } from "@notionhq/client";
import type { BodyBlock } from "./mapping.ts";
import { listChildren, notion } from "./notion-ops.ts";

/** A block as the markdown converter makes it: children beside the payload. */
export type Block = { type: string; children?: Block[] } & Record<string, unknown>;

const MAX_PER_REQUEST = 100;
const MAX_ELEMENTS = 1000;
const MAX_BYTES = 450 * 1024;

/** The hash the diff compares: the block's content with its children. */
export function hashBlock(b: Block): string {
  return createHash("sha256").update(JSON.stringify(b)).digest("base64url").slice(0, 22);
}

export const bodyEntry = (b: Block, id: string | null): BodyBlock & { type: string; hasChildren: boolean } => ({
  id,
  hash: hashBlock(b),
  type: b.type,
  hasChildren: (b.children?.length ?? 0) > 0,
});

/** Request shape with one level of children (Notion takes two levels per request); deeper ones come later. */
function request(b: Block, depth: number): Record<string, unknown> {
  const payload = { ...(b[b.type] as Record<string, unknown>) };
  if (depth > 0 && b.children?.length) payload.children = b.children.map((c) => request(c, depth - 1));
  return { type: b.type, [b.type]: payload };
}

/** Elements a block adds to a request: itself and its first level of children. */
const elements = (b: Block): number => 1 + (b.children?.length ?? 0);
const hasGrandchildren = (b: Block) => (b.children ?? []).some((c) => (c.children?.length ?? 0) > 0);

/** Top-level blocks cut into requests: ≤ 100 blocks, ≤ 1000 elements, ≤ 450 KB each. */
export function batches(blocks: Block[]): Block[][] {
  const out: Block[][] = [];
  let cur: Block[] = [];
  let n = 0;
  let bytes = 0;
  for (const b of blocks) {
    const e = elements(b);
    const size = JSON.stringify(request(b, 1)).length;
    if (cur.length > 0 && (cur.length >= MAX_PER_REQUEST || n + e > MAX_ELEMENTS || bytes + size > MAX_BYTES)) {
      out.push(cur);
      cur = [];
      n = 0;
      bytes = 0;
    }
    cur.push(b);
    n += e;
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export const firstRequest = (batch: Block[]) => batch.map((b) => request(b, 1));

/** Appends the grandchildren (and deeper) of created blocks, which did not fit in their request. */
export async function appendDeeper(client: Client, created: Array<{ id: string; block: Block }>): Promise<void> {
  for (const { id, block } of created) {
    if (!hasGrandchildren(block)) continue;
    const kids = await listChildren(client, id);
    for (const [i, child] of (block.children ?? []).entries()) {
      const made = kids[i];
      if (made && child.children?.length) await appendBlocks(client, made.id, child.children, null);
    }
  }
}

/**
 * Appends blocks under a page or block, after `after` (a block id; null: at the end; "start"),
 * in as few requests as the limits allow. Returns the ids of the top-level blocks, in order.
 */
export async function appendBlocks(client: Client, parentId: string, blocks: Block[], after: string | null | "start"): Promise<string[]> {
  const ids: string[] = [];
  let position = after;
  for (const batch of batches(blocks)) {
    const pos =
      position === null
        ? undefined
        : position === "start"
          ? { type: "start" as const }
          : { type: "after_block" as const, after_block: { id: position } };
    const res = await notion(() =>
      client.blocks.children.append({ block_id: parentId, children: firstRequest(batch) as never, ...(pos ? { position: pos } : {}) }),
    );
    const made = res.results.map((r) => r.id);
    ids.push(...made);
    await appendDeeper(
      client,
      batch.map((block, i) => ({ id: made[i] as string, block })),
    );
    position = made[made.length - 1] ?? position;
  }
  return ids;
}
