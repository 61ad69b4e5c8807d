import type { DocumentInput } from "../../sync/push/documents.ts";
import { personal } from "./personal.ts";
import { studio } from "./studio.ts";
import { tidepool } from "./tidepool.ts";
import type { DemoNode } from "./types.ts";

export type { DemoNode } from "./types.ts";

/** The demo user's content: three workspaces with nested folders and notes in every markdown construct. */
export const DEMO_TREE: readonly DemoNode[] = [studio, personal, tidepool];

/** The tree as the documents table takes it: parents first, positions in order. */
export function demoDocuments(tree: readonly DemoNode[] = DEMO_TREE): DocumentInput[] {
  const out: DocumentInput[] = [];
  const walk = (nodes: readonly DemoNode[], parent: DocumentInput["parent"]) =>
    nodes.forEach((n, position) => {
      out.push({ kind: n.kind, id: n.id, parent, title: n.title, body: n.body ?? null, position, updatedAt: null });
      walk(n.children ?? [], { kind: n.kind, id: n.id });
    });
  walk(tree, null);
  return out;
}

/** How many nodes of each kind the tree holds. */
export function demoCounts(tree: readonly DemoNode[] = DEMO_TREE): Record<DemoNode["kind"], number> {
  const counts = { workspace: 0, folder: 0, note: 0 };
  for (const d of demoDocuments(tree)) counts[d.kind as DemoNode["kind"]]++;
  return counts;
}
