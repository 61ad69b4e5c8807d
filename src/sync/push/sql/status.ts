import type { Queryable } from "../../../db/types.ts";

/** What the push status counts: nodes waiting for a run, and the latest that failed. */

/** A node the next run has work for: no page yet (and live), changed since synced, or creating or failed. */
const PENDING = "(m.doc_id IS NULL AND NOT d.deleted OR m.synced_seq < d.changed_seq OR m.status IN ('creating', 'failed'))";

export async function pendingCount(db: Queryable, userId: string): Promise<number> {
  return (await pendingCounts(db, [userId])).get(userId) ?? 0;
}

/** Pending nodes per user, for many users in one statement (users with none are left out). */
export async function pendingCounts(db: Queryable, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<{ user_id: string; n: number }>(
    `SELECT d.user_id, count(*)::int AS n FROM documents d
     LEFT JOIN notion_pages m ON m.user_id = d.user_id AND m.kind = d.kind AND m.doc_id = d.id
     WHERE d.user_id = ANY ($1::text[]) AND ${PENDING}
     GROUP BY d.user_id`,
    [userIds],
  );
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

/** The 20 nodes that failed (or whose page went missing) most recently, with their errors. */
export async function failedNodes(
  db: Queryable,
  userId: string,
): Promise<Array<{ kind: string; doc_id: string; last_error: string | null }>> {
  const { rows } = await db.query<{ kind: string; doc_id: string; last_error: string | null }>(
    "SELECT kind, doc_id, last_error FROM notion_pages WHERE user_id = $1 AND status IN ('failed', 'missing') ORDER BY updated_at DESC LIMIT 20",
    [userId],
  );
  return rows;
}
