import type { Queryable } from "../../db/types.ts";
import { ValidationError } from "../../errors.ts";

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

export interface DocumentRow {
  user_id: string;
  kind: string;
  id: string;
  parent_kind: string | null;
  parent_id: string | null;
  title: string;
  body: string | null;
  position: number;
  updated_at: Date;
  deleted: boolean;
  changed_seq: string;
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
  const stored = outside.length
    ? await tx.query<{ kind: string; id: string; deleted: boolean; parent_kind: string | null; parent_id: string | null }>(
        "SELECT kind, id, deleted, parent_kind, parent_id FROM documents WHERE user_id = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))",
        [userId, outside.map((p) => p.kind), outside.map((p) => p.id)],
      )
    : { rows: [] };
  const known = new Map(stored.rows.map((r) => [ref(r.kind, r.id), r]));
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
  await tx.query(
    `INSERT INTO documents (user_id, kind, id, parent_kind, parent_id, title, body, position, updated_at, deleted)
     SELECT $1, d.kind, d.id, d.parent_kind, d.parent_id, d.title, d.body, d.position, COALESCE(d.updated_at, now()), false
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::timestamptz[])
       AS d(kind, id, parent_kind, parent_id, title, body, position, updated_at)
     ON CONFLICT (user_id, kind, id) DO UPDATE SET parent_kind = EXCLUDED.parent_kind, parent_id = EXCLUDED.parent_id,
       title = EXCLUDED.title, body = EXCLUDED.body, position = EXCLUDED.position, updated_at = EXCLUDED.updated_at, deleted = false`,
    [
      userId,
      docs.map((d) => d.kind),
      docs.map((d) => d.id),
      docs.map((d) => d.parent?.kind ?? null),
      docs.map((d) => d.parent?.id ?? null),
      docs.map((d) => noNul(d.title)),
      docs.map((d) => (d.body === null ? null : noNul(d.body))),
      docs.map((d) => d.position),
      docs.map((d) => d.updatedAt),
    ],
  );
  await assertNoCycle(tx, userId);
  return { written: docs.length };
}

/** A node that is its own ancestor would never sync: refuse the batch that makes one. */
async function assertNoCycle(tx: Queryable, userId: string): Promise<void> {
  const { rows } = await tx.query<{ kind: string; id: string }>(
    `WITH RECURSIVE walk AS (
       SELECT kind, id, parent_kind, parent_id, ARRAY[kind || ':' || id] AS path, false AS cycle
       FROM documents WHERE user_id = $1 AND NOT deleted
       UNION ALL
       SELECT w.kind, w.id, d.parent_kind, d.parent_id, w.path || (d.kind || ':' || d.id), (d.kind || ':' || d.id) = ANY (w.path)
       FROM walk w JOIN documents d ON d.user_id = $1 AND d.kind = w.parent_kind AND d.id = w.parent_id
       WHERE NOT w.cycle
     ) SELECT kind, id FROM walk WHERE cycle LIMIT 1`,
    [userId],
  );
  const c = rows[0];
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
  const { rows } = await tx.query<{ kind: string; id: string }>(
    `WITH RECURSIVE doomed AS (
       SELECT kind, id FROM documents WHERE user_id = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       UNION
       SELECT d.kind, d.id FROM documents d JOIN doomed p ON d.user_id = $1 AND d.parent_kind = p.kind AND d.parent_id = p.id
     )
     UPDATE documents d SET deleted = true, updated_at = now() FROM doomed x
     WHERE d.user_id = $1 AND d.kind = x.kind AND d.id = x.id AND NOT d.deleted RETURNING d.kind, d.id`,
    [userId, refs.map((r) => r.kind), refs.map((r) => r.id)],
  );
  const exists = await tx.query<{ kind: string; id: string }>(
    "SELECT kind, id FROM documents WHERE user_id = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))",
    [userId, refs.map((r) => r.kind), refs.map((r) => r.id)],
  );
  const found = new Set(exists.rows.map((r) => ref(r.kind, r.id)));
  return { deleted: rows.length, unknown: refs.filter((r) => !found.has(ref(r.kind, r.id))) };
}
