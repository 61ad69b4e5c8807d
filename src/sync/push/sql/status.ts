import type { Queryable } from "../../../db/types.ts";

/** What the push status counts: nodes waiting for a run, and the latest that failed. */

/** Nodes the next run has work for: no page yet (and live), changed since synced, or creating or failed. */
export async function pendingCount(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM documents d
     LEFT JOIN notion_pages m ON m.user_id = d.user_id AND m.kind = d.kind AND m.doc_id = d.id
     WHERE d.user_id = $1 AND (m.doc_id IS NULL AND NOT d.deleted OR m.synced_seq < d.changed_seq OR m.status IN ('creating', 'failed'))`,
    [userId],
  );
  return rows[0]?.n ?? 0;
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
