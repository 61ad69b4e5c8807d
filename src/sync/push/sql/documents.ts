import type { Queryable } from "../../../db/types.ts";

/** `documents`: the app's tree as it hands it over, one row per node, with its change counter. */

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

export interface NodeRef {
  kind: string;
  id: string;
}

/** A node to write, as stored: text already cleaned of what PostgreSQL cannot hold. */
export interface DocumentWrite {
  kind: string;
  id: string;
  parentKind: string | null;
  parentId: string | null;
  title: string;
  body: string | null;
  position: number;
  updatedAt: Date | null;
}

/** The user's nodes among `refs` ($2, $3: their kinds and ids). */
const AMONG = "user_id = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))";

const refParams = (userId: string, refs: readonly NodeRef[]) => [userId, refs.map((r) => r.kind), refs.map((r) => r.id)];

type StoredNode = NodeRef & Pick<DocumentRow, "deleted" | "parent_kind" | "parent_id">;

/** The stored nodes among `refs`, deleted or not, with their parents. */
export async function storedNodes(db: Queryable, userId: string, refs: readonly NodeRef[]): Promise<StoredNode[]> {
  const { rows } = await db.query<StoredNode>(
    `SELECT kind, id, deleted, parent_kind, parent_id FROM documents WHERE ${AMONG}`,
    refParams(userId, refs),
  );
  return rows;
}

/** Which of `refs` the user has stored (deleted or not). */
export async function existingNodes(db: Queryable, userId: string, refs: readonly NodeRef[]): Promise<NodeRef[]> {
  const { rows } = await db.query<NodeRef>(`SELECT kind, id FROM documents WHERE ${AMONG}`, refParams(userId, refs));
  return rows;
}

/** Upserts the nodes in one statement (live again if they were deleted); the change trigger moves `changed_seq` only for a real change. */
export async function writeDocuments(db: Queryable, userId: string, docs: readonly DocumentWrite[]): Promise<void> {
  await db.query(
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
      docs.map((d) => d.parentKind),
      docs.map((d) => d.parentId),
      docs.map((d) => d.title),
      docs.map((d) => d.body),
      docs.map((d) => d.position),
      docs.map((d) => d.updatedAt),
    ],
  );
}

/** A live node that is its own ancestor, if the user's tree has one. */
export async function findCycle(db: Queryable, userId: string): Promise<NodeRef | null> {
  const { rows } = await db.query<NodeRef>(
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
  return rows[0] ?? null;
}

/** Marks `refs` and everything under them deleted; returns the nodes this deleted (those not deleted already). */
export async function markDeleted(db: Queryable, userId: string, refs: readonly NodeRef[]): Promise<NodeRef[]> {
  const { rows } = await db.query<NodeRef>(
    `WITH RECURSIVE doomed AS (
       SELECT kind, id FROM documents WHERE ${AMONG}
       UNION
       SELECT d.kind, d.id FROM documents d JOIN doomed p ON d.user_id = $1 AND d.parent_kind = p.kind AND d.parent_id = p.id
     )
     UPDATE documents d SET deleted = true, updated_at = now() FROM doomed x
     WHERE d.user_id = $1 AND d.kind = x.kind AND d.id = x.id AND NOT d.deleted RETURNING d.kind, d.id`,
    refParams(userId, refs),
  );
  return rows;
}

/** Every node of the user, deleted ones included. */
export async function userDocuments(db: Queryable, userId: string): Promise<DocumentRow[]> {
  const { rows } = await db.query<DocumentRow>("SELECT * FROM documents WHERE user_id = $1", [userId]);
  return rows;
}
