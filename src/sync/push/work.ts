import type { Queryable } from "../../db/types.ts";
import { mapKey, type PageMapping } from "./mapping.ts";
import { type DocumentRow, userDocuments } from "./sql/documents.ts";

/** A node that needs the sync's attention, with what Notion has of it. */
export interface WorkItem {
  doc: DocumentRow;
  mapping: PageMapping | undefined;
  depth: number;
}

/**
 * The nodes to sync, in order: live nodes parents first (by depth, then position), then deleted
 * ones. A node needs work when it has no page yet, a change since it was last synced, or a
 * pending or failed state. An unchanged tree yields nothing (and so costs no provider call).
 */
export async function loadWork(db: Queryable, userId: string, mappings: Map<string, PageMapping>): Promise<WorkItem[]> {
  const rows = await userDocuments(db, userId);
  const byKey = new Map(rows.map((d) => [mapKey(d.kind, d.id), d]));
  const depthOf = new Map<string, number>();
  const depth = (d: DocumentRow): number => {
    const key = mapKey(d.kind, d.id);
    const known = depthOf.get(key);
    if (known !== undefined) return known;
    depthOf.set(key, 0); // guards against a cycle written in SQL
    const parent = d.parent_kind && d.parent_id ? byKey.get(mapKey(d.parent_kind, d.parent_id)) : undefined;
    const value = parent ? depth(parent) + 1 : 0;
    depthOf.set(key, value);
    return value;
  };
  const work: WorkItem[] = [];
  for (const doc of rows) {
    const mapping = mappings.get(mapKey(doc.kind, doc.id));
    const stale =
      !mapping || BigInt(mapping.syncedSeq) < BigInt(doc.changed_seq) || mapping.status === "creating" || mapping.status === "failed";
    if (doc.deleted && (!mapping || mapping.status === "archived")) continue;
    if (stale) work.push({ doc, mapping, depth: depth(doc) });
  }
  return work.sort(
    (a, b) =>
      Number(a.doc.deleted) - Number(b.doc.deleted) ||
      (a.doc.deleted ? b.depth - a.depth : a.depth - b.depth) ||
      a.doc.position - b.doc.position ||
      a.doc.id.localeCompare(b.doc.id),
  );
}
