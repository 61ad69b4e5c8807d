import { jsonBytes, MAX_ELEMENTS, MAX_ITEMS, MAX_REQUEST_BYTES } from "./limits.ts";
import type { Block, RequestBlock } from "./types.ts";

/**
 * One append (`PATCH /v1/blocks/{parent}/children`). `parent` is null for the caller's own
 * parent (the page), or names a block an earlier request created: that request's index in the
 * plan and the block's index among the blocks it created (which the append returns, in order).
 */
export interface AppendRequest {
  parent: { request: number; index: number } | null;
  children: RequestBlock[];
}

interface Inlined {
  block: RequestBlock;
  later: Block[];
}

const elementsOf = (block: RequestBlock): number =>
  1 +
  (((block as unknown as Record<string, { children?: RequestBlock[] }>)[block.type]?.children ?? []) as RequestBlock[]).reduce(
    (n, child) => n + elementsOf(child),
    0,
  );

/**
 * A block as one request can carry it. Children go inside it when none of them has children
 * of its own (two levels per request), as many as fit (100, the byte budget); the rest wait
 * for the block's id. A block with grandchildren goes alone and all its children wait, so a
 * later request only ever needs ids an append returned.
 */
function inline(block: Block): Inlined {
  const { children = [], ...own } = block;
  const alone = own as RequestBlock;
  if (children.length === 0 || children.some((c) => (c.children?.length ?? 0) > 0)) return { block: alone, later: children };
  let bytes = jsonBytes(alone) + 16;
  const taken: RequestBlock[] = [];
  for (const child of children as RequestBlock[]) {
    bytes += jsonBytes(child) + 1;
    if (taken.length >= MAX_ITEMS || bytes > MAX_REQUEST_BYTES) break;
    taken.push(child);
  }
  if (taken.length === 0) return { block: alone, later: children };
  const payload = { ...(alone as unknown as Record<string, object>)[block.type], children: taken };
  return { block: { ...alone, [block.type]: payload } as RequestBlock, later: children.slice(taken.length) };
}

/** Request-shaped blocks in batches one append takes: at most 100 blocks, 1000 elements in all, and the byte budget. */
export function batchBlocks(blocks: RequestBlock[]): RequestBlock[][] {
  const batches: RequestBlock[][] = [];
  let current: RequestBlock[] = [];
  let elements = 0;
  let bytes = 0;
  for (const block of blocks) {
    const n = elementsOf(block);
    const size = jsonBytes(block) + 1;
    if (current.length > 0 && (current.length >= MAX_ITEMS || elements + n > MAX_ELEMENTS || bytes + size > MAX_REQUEST_BYTES)) {
      batches.push(current);
      current = [];
      elements = 0;
      bytes = 0;
    }
    current.push(block);
    elements += n;
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The appends that create `blocks` (with all their descendants) under one parent, in an
 * order where every request's parent exists before it runs. Execute with `executePlan`.
 */
export function planAppends(blocks: Block[]): AppendRequest[] {
  const plan: AppendRequest[] = [];
  const place = (list: Block[], parent: AppendRequest["parent"]): void => {
    const inlined = list.map(inline);
    let next = 0;
    for (const children of batchBlocks(inlined.map((x) => x.block))) {
      const request = plan.length;
      plan.push({ parent, children });
      const waiting = children.map((_, index) => ({ index, later: inlined[next + index]?.later ?? [] }));
      next += children.length;
      for (const { index, later } of waiting) if (later.length > 0) place(later, { request, index });
    }
  };
  place(blocks, null);
  return plan;
}

/** Appends `children` under `parentId` (after the block `after`, when given) and answers the ids of the blocks it created, in order. */
export type AppendChildren = (parentId: string, children: RequestBlock[], after?: string) => Promise<string[]>;

/**
 * Runs a plan in order under `parentId`, and answers the ids of the top-level blocks it
 * created. With `after`, the top-level blocks go after that child of the parent (each batch
 * after the previous one's last block) rather than at the end.
 */
export async function executePlan(plan: AppendRequest[], parentId: string, append: AppendChildren, after?: string): Promise<string[]> {
  const created: string[][] = [];
  const top: string[] = [];
  for (const request of plan) {
    const parent = request.parent === null ? parentId : created[request.parent.request]?.[request.parent.index];
    if (parent === undefined) throw new Error("executePlan: a request's parent was not created by an earlier request");
    const ids = await append(parent, request.children, request.parent === null ? (top.at(-1) ?? after) : undefined);
    created.push(ids);
    if (request.parent === null) top.push(...ids);
  }
  return top;
}
