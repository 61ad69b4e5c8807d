import { appendBlocks, type Block, bodyEntry } from "./body-apply.ts";
import { diffBody, type OldBlock } from "./body-diff.ts";
import type { BodyBlock } from "./mapping.ts";
import { listChildren, notion } from "./notion-ops.ts";
import type { PageContext } from "./pages.ts";

type Entry = BodyBlock & { type?: string; hasChildren?: boolean };

/** Replaces a page's whole body: for a body Ferry does not know (after a crash, or edited in Notion). */
async function rewrite(ctx: PageContext, pageId: string, blocks: Block[]): Promise<BodyBlock[]> {
  for (const child of await listChildren(ctx.client, pageId)) {
    if (child.type === "child_page" || child.type === "child_database") continue; // sub-pages are nodes of their own
    await notion(() => ctx.client.blocks.delete({ block_id: child.id }));
  }
  // At the start: the body stays above the page's sub-pages, which are nodes of their own.
  const ids = await appendBlocks(ctx.client, pageId, blocks, "start");
  return blocks.map((b, i) => bodyEntry(b, ids[i] ?? null));
}

/**
 * Brings a page's body from `old` (what Ferry recorded) to `blocks`: nothing when equal; edits
 * in place, inserts at their position and deletes, block by block. Block ids unknown since the
 * page was created are read once (one listing); a page whose blocks no longer match the record
 * is rewritten.
 */
export async function syncBody(
  ctx: PageContext,
  pageId: string,
  old: Entry[] | null,
  blocks: Block[],
): Promise<{ body: BodyBlock[]; calls: boolean }> {
  const next = blocks.map((b) => bodyEntry(b, null));
  if (old && old.length === next.length && old.every((o, i) => o.hash === next[i]?.hash))
    return { body: old.map(({ id, hash, type, hasChildren }) => ({ id, hash, type, hasChildren })), calls: false };
  if (!old || old.some((o) => !o.type)) return { body: await rewrite(ctx, pageId, blocks), calls: true };
  let known = old;
  const unknown = old.findLastIndex((o) => o.id === null) + 1;
  if (unknown > 0) {
    // Only the blocks that rode on the page create lack ids (at most the first 100): read that far.
    // Their types must still match Ferry's record; when the listing happens to reach the next
    // block (whose id Ferry knows), that must be it.
    const listed = (await listChildren(ctx.client, pageId, unknown)).filter((c) => c.type !== "child_page" && c.type !== "child_database");
    const next = old[unknown];
    const fits =
      listed.length >= unknown &&
      listed.slice(0, unknown).every((c, i) => c.type === old[i]?.type) &&
      (next ? listed[unknown] === undefined || listed[unknown]?.id === next.id : listed.length === unknown);
    if (!fits) return { body: await rewrite(ctx, pageId, blocks), calls: true };
    known = old.map((o, i) => (i < unknown ? { ...o, id: listed[i]?.id ?? null } : o));
  }
  const current = known as OldBlock[];
  const ids: Array<string | null> = current.map((o) => o.id);
  const result: Array<BodyBlock | null> = [];
  const inserted = new Map<number, BodyBlock[]>();
  const deleted = new Set<number>();
  const updated = new Map<number, BodyBlock>();
  for (const op of diffBody(current, next as Array<BodyBlock & { type: string; hasChildren: boolean }>)) {
    if (op.op === "update") {
      const b = blocks[op.newIndex] as Block;
      const payload = (b as unknown as Record<string, unknown>)[b.type];
      await notion(() => ctx.client.blocks.update({ block_id: ids[op.oldIndex] as string, [b.type]: payload } as never));
      updated.set(op.oldIndex, bodyEntry(b, ids[op.oldIndex] ?? null));
    } else if (op.op === "delete") {
      await notion(() => ctx.client.blocks.delete({ block_id: ids[op.oldIndex] as string }));
      deleted.add(op.oldIndex);
    } else {
      const slice = blocks.slice(op.from, op.to);
      const after = op.afterOld < 0 ? "start" : (ids[op.afterOld] as string);
      const made = await appendBlocks(ctx.client, pageId, slice, after);
      inserted.set(
        op.afterOld,
        slice.map((b, i) => bodyEntry(b, made[i] ?? null)),
      );
    }
  }
  result.push(...(inserted.get(-1) ?? []));
  current.forEach((o, i) => {
    if (!deleted.has(i)) result.push(updated.get(i) ?? o);
    result.push(...(inserted.get(i) ?? []));
  });
  return { body: result.filter((x): x is BodyBlock => x !== null), calls: true };
}
