import type { Client } from "@notionhq/client";
import { type AppendRequest, type Block, blockHash, planAppends } from "../markdown/index.ts";
import type { BodyBlock } from "./mapping.ts";
import { listChildren, notion } from "./notion-ops.ts";

export type { Block };

/** What the mapping records of a top-level block: its id (once known) and what it holds. */
export const bodyEntry = (b: Block, id: string | null): BodyBlock & { type: string; hasChildren: boolean } => ({
  id,
  hash: blockHash(b),
  type: b.type,
  hasChildren: (b.children?.length ?? 0) > 0,
});

const START = "\u0000start";

/** One append under `parentId`; `after` a block id, START for the top, or none for the end. */
async function append(client: Client, parentId: string, children: AppendRequest["children"], after: string | undefined): Promise<string[]> {
  const position =
    after === undefined
      ? undefined
      : after === START
        ? { type: "start" as const }
        : { type: "after_block" as const, after_block: { id: after } };
  const res = await notion(() =>
    client.blocks.children.append({ block_id: parentId, children: children as never, ...(position ? { position } : {}) }),
  );
  return res.results.map((r) => r.id);
}

/**
 * Runs the converter's plan (requests of ≤ 100 blocks, two levels each, deeper levels under
 * the ids earlier requests returned). `seed` holds ids already known for leading requests
 * (the page create carries the first one). Returns the ids of the top-level blocks appended here.
 */
async function run(
  client: Client,
  plan: AppendRequest[],
  parentId: string,
  after: string | undefined,
  seed: string[][] = [],
): Promise<string[]> {
  const created = [...seed];
  const top: string[] = [];
  for (const request of plan.slice(seed.length)) {
    const parent = request.parent === null ? parentId : created[request.parent.request]?.[request.parent.index];
    if (parent === undefined) throw new Error("push sync: a planned append has no parent id");
    const ids = await append(client, parent, request.children, request.parent === null ? (top.at(-1) ?? after) : undefined);
    created.push(ids);
    if (request.parent === null) top.push(...ids);
  }
  return top;
}

/** Appends blocks after `after` (a block id, "start", or null for the end); returns the top-level ids in order. */
export async function appendBlocks(client: Client, parentId: string, blocks: Block[], after: string | null | "start"): Promise<string[]> {
  return run(client, planAppends(blocks), parentId, after === null ? undefined : after === "start" ? START : after);
}

/**
 * A new page's body: the first request rides on the page create; the rest are appended.
 * The create returns no block ids, so they are read (one listing) only when deeper levels must
 * be appended under them; otherwise they are learnt the first time the body changes.
 */
export async function createWithBody(
  client: Client,
  create: (children: AppendRequest["children"]) => Promise<string>,
  blocks: Block[],
): Promise<{ pageId: string; body: BodyBlock[] }> {
  const plan = planAppends(blocks);
  const first = plan[0]?.parent === null ? plan[0] : undefined;
  const pageId = await create(first?.children ?? []);
  if (!first) return { pageId, body: [] };
  const firstCount = first.children.length;
  const needsIds = plan.some((r) => r.parent?.request === 0);
  const firstIds = needsIds ? (await listChildren(client, pageId)).map((c) => c.id) : [];
  const rest = await run(client, plan, pageId, firstIds.at(-1), [firstIds]);
  const ids: Array<string | null> = [...(needsIds ? firstIds : Array(firstCount).fill(null)), ...rest];
  return { pageId, body: blocks.map((b, i) => bodyEntry(b, ids[i] ?? null)) };
}
