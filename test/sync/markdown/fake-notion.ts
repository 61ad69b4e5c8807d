import { randomUUID } from "node:crypto";
import type { AppendChildren, Block, RequestBlock } from "../../../src/sync/markdown/index.ts";

interface Stored {
  block: Record<string, unknown>;
  children: string[];
}

/**
 * An in-memory append endpoint with Notion's request limits (100 children per array, two
 * levels, 1000 elements, 500 KB), to check plans without a server; `tree` reads a parent's
 * blocks back in our shape.
 */
export function fakeNotion(rootId = "page") {
  const store = new Map<string, Stored>([[rootId, { block: {}, children: [] }]]);
  const requests: RequestBlock[][] = [];

  const insert = (parentId: string, blocks: RequestBlock[], level: number): string[] => {
    if (blocks.length > 100) throw new Error(`${blocks.length} children in one array`);
    if (level > 2 && blocks.length > 0) throw new Error("more than two nesting levels in one request");
    return blocks.map((b) => {
      const id = randomUUID();
      const { children = [], ...payload } = (b as unknown as Record<string, { children?: RequestBlock[] }>)[b.type] ?? {};
      store.set(id, { block: { type: b.type, [b.type]: payload }, children: [] });
      store.get(parentId)?.children.push(id);
      insert(id, children, level + 1);
      return id;
    });
  };

  const count = (blocks: RequestBlock[]): number =>
    blocks.reduce((n, b) => n + 1 + count((b as unknown as Record<string, { children?: RequestBlock[] }>)[b.type]?.children ?? []), 0);

  const append: AppendChildren = async (parentId, children, after) => {
    const parent = store.get(parentId);
    if (!parent) throw new Error(`no block ${parentId}`);
    if (count(children) > 1000) throw new Error("more than 1000 elements");
    if (Buffer.byteLength(JSON.stringify({ children })) > 500 * 1024) throw new Error("body over 500 KB");
    requests.push(children);
    const before = parent.children.splice(0);
    const at = after === undefined ? before.length : before.indexOf(after) + 1;
    if (after !== undefined && at === 0) throw new Error(`${after} is not a child of ${parentId}`);
    const ids = insert(parentId, children, 1);
    parent.children = [...before.slice(0, at), ...ids, ...before.slice(at)];
    return ids;
  };

  const tree = (id: string): Block[] =>
    (store.get(id)?.children ?? []).map((childId) => {
      const node = store.get(childId);
      const kids = tree(childId);
      return { ...node?.block, ...(kids.length > 0 ? { children: kids } : {}) } as Block;
    });

  return { append, tree, requests, store };
}
