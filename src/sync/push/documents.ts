import type { Queryable } from "../../db/types.ts";
import { ValidationError } from "../../errors.ts";
import { existingNodes, findCycle, markDeleted, storedNodes, writeDocuments } from "./sql/documents.ts";

/** One node of the app's tree, as the app hands it over. */
export interface DocumentInput {
  kind: string;
  id: string;
  parent: { kind: string; id: string } | null;
  title: string;
  body: string | null;
  position: number;
  updatedAt: Date | null;
}

const ref = (kind: string, id: string) => `${kind}\u0000${id}`;

/** PostgreSQL text cannot hold NUL, and Notion would not show it: it becomes U+FFFD (visible, like other control characters). */
const noNul = (s: string) => s.replaceAll("\u0000", "\uFFFD");

/**
 * Upserts a batch of nodes in one transaction: all or nothing. Every parent must exist (in the
 * batch or already stored) and not be deleted; a node cannot be its own ancestor. An unchanged
 * node keeps its change counter, so re-sending the same tree costs no sync work.
 */
export async function upsertDocuments(tx: Queryable, userId: string, docs: DocumentInput[]): Promise<{ written: number }> {
  const inBatch = new Map<string, number>();
  docs.forEach((d, i) => {
    const key = ref(d.kind, d.id);
    if (inBatch.has(key))
      throw new ValidationError(`documents[${i}]: ${d.kind} ${d.id} appears twice in the batch`, [
        { field: `documents[${i}].id`, message: "appears twice" },
      ]);
    inBatch.set(key, i);
  });
  const outside = docs
    .filter((d) => d.parent && !inBatch.has(ref(d.parent.kind, d.parent.id)))
    .map((d) => d.parent as { kind: string; id: string });
  const stored = outside.length ? await storedNodes(tx, userId, outside) : [];
  const known = new Map(stored.map((r) => [ref(r.kind, r.id), r]));
  docs.forEach((d, i) => {
    if (!d.parent) return;
    const key = ref(d.parent.kind, d.parent.id);
    const parent = known.get(key);
    if (!inBatch.has(key) && (!parent || parent.deleted)) {
      const message = `no ${parent?.deleted ? "live " : ""}${d.parent.kind} ${d.parent.id} for this user (send it in the same batch or before)`;
      throw new ValidationError(`documents[${i}].parent: ${message}`, [{ field: `documents[${i}].parent`, message }]);
    }
    if (d.parent.kind === d.kind && d.parent.id === d.id)
      throw new ValidationError(`documents[${i}].parent: a node cannot be its own parent`, [
        { field: `documents[${i}].parent`, message: "is the node itself" },
      ]);
  });
  await writeDocuments(
    tx,
    userId,
    docs.map((d) => ({
      kind: d.kind,
      id: d.id,
      parentKind: d.parent?.kind ?? null,
      parentId: d.parent?.id ?? null,
      title: noNul(d.title),
      body: d.body === null ? null : noNul(d.body),
      position: d.position,
      updatedAt: d.updatedAt,
    })),
  );
  await assertNoCycle(tx, userId);
  return { written: docs.length };
}

/** A node that is its own ancestor would never sync: refuse the batch that makes one. */
async function assertNoCycle(tx: Queryable, userId: string): Promise<void> {
  const c = await findCycle(tx, userId);
  if (c)
    throw new ValidationError(`documents: ${c.kind} ${c.id} would be its own ancestor`, [
      { field: "documents", message: `${c.kind} ${c.id} is in a cycle` },
    ]);
}

/** Marks nodes and everything under them deleted (the sync archives their pages). Unknown nodes are reported. */
export async function deleteDocuments(
  tx: Queryable,
  userId: string,
  refs: Array<{ kind: string; id: string }>,
): Promise<{ deleted: number; unknown: Array<{ kind: string; id: string }> }> {
  const deleted = await markDeleted(tx, userId, refs);
  const exists = await existingNodes(tx, userId, refs);
  const found = new Set(exists.map((r) => ref(r.kind, r.id)));
  return { deleted: deleted.length, unknown: refs.filter((r) => !found.has(ref(r.kind, r.id))) };
}
