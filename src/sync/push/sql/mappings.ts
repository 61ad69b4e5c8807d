import type { Queryable } from "../../../db/types.ts";
import { type BodyBlock, mapKey, type PageMapping, type PageStatus } from "../mapping.ts";

/** `notion_pages`: each node's Notion page, written before the page is created (the crash-safety anchor). */

interface Row {
  kind: string;
  doc_id: string;
  status: PageStatus;
  page_id: string | null;
  parent_page_id: string | null;
  title: string | null;
  intent_at: Date | null;
  blocks: BodyBlock[] | null;
  synced_seq: string;
  last_error: string | null;
}

const toMapping = (r: Row): PageMapping => ({
  kind: r.kind,
  docId: r.doc_id,
  status: r.status,
  pageId: r.page_id,
  parentPageId: r.parent_page_id,
  title: r.title,
  intentAt: r.intent_at,
  blocks: r.blocks,
  syncedSeq: String(r.synced_seq),
  lastError: r.last_error,
});

/** Every mapping of the user's connection, by node. */
export async function loadMappings(db: Queryable, userId: string, connectionId: string): Promise<Map<string, PageMapping>> {
  const { rows } = await db.query<Row>("SELECT * FROM notion_pages WHERE user_id = $1 AND connection_id = $2", [userId, connectionId]);
  return new Map(rows.map((r) => [mapKey(r.kind, r.doc_id), toMapping(r)]));
}

/** Records the intent to create a page, before the create: the crash-safety anchor. */
export async function recordIntent(
  db: Queryable,
  k: { userId: string; connectionId: string; kind: string; docId: string },
  v: { parentPageId: string; title: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO notion_pages (user_id, kind, doc_id, connection_id, status, page_id, parent_page_id, title, intent_at, blocks, updated_at)
     VALUES ($1, $2, $3, $4, 'creating', NULL, $5, $6, $7, NULL, $7)
     ON CONFLICT (user_id, kind, doc_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, status = 'creating', page_id = NULL,
       parent_page_id = EXCLUDED.parent_page_id, title = EXCLUDED.title, intent_at = EXCLUDED.intent_at, blocks = NULL, updated_at = EXCLUDED.updated_at`,
    [k.userId, k.kind, k.docId, k.connectionId, v.parentPageId, v.title, v.at],
  );
}

/** Writes what is now true of a node's page. */
export async function saveMapping(
  db: Queryable,
  userId: string,
  m: Pick<PageMapping, "kind" | "docId" | "status" | "pageId" | "parentPageId" | "title" | "blocks" | "syncedSeq" | "lastError">,
): Promise<void> {
  await db.query(
    `UPDATE notion_pages SET status = $4, page_id = $5, parent_page_id = $6, title = $7, blocks = $8, synced_seq = $9, last_error = $10, updated_at = now()
     WHERE user_id = $1 AND kind = $2 AND doc_id = $3`,
    [
      userId,
      m.kind,
      m.docId,
      m.status,
      m.pageId,
      m.parentPageId,
      m.title,
      m.blocks === null ? null : JSON.stringify(m.blocks),
      m.syncedSeq,
      m.lastError,
    ],
  );
}

/** Marks a node failed with its error; it is tried again on the next run. */
export async function failMapping(db: Queryable, userId: string, kind: string, docId: string, error: string): Promise<void> {
  await db.query(
    "UPDATE notion_pages SET status = CASE WHEN status IN ('creating', 'missing') THEN status ELSE 'failed' END, last_error = $4, updated_at = now() WHERE user_id = $1 AND kind = $2 AND doc_id = $3",
    [userId, kind, docId, error.slice(0, 2000)],
  );
}

/** A synced node whose page turned out to be gone: missing, so the next run makes it again (per policy). */
export async function markMissing(db: Queryable, userId: string, kind: string, docId: string): Promise<void> {
  await db.query(
    "UPDATE notion_pages SET status = 'missing', synced_seq = 0 WHERE user_id = $1 AND kind = $2 AND doc_id = $3 AND status = 'synced'",
    [userId, kind, docId],
  );
}

/** Makes every top-level node's page stale, so the next run moves it (under a new root). */
export async function resyncTopLevel(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `UPDATE notion_pages m SET synced_seq = 0 FROM documents d
     WHERE m.user_id = $1 AND d.user_id = $1 AND d.kind = m.kind AND d.id = m.doc_id AND d.parent_kind IS NULL`,
    [userId],
  );
}

/** A connection's pages by outcome: synced, and failed or missing (to be made again). */
export async function pageCounts(db: Queryable, userId: string, connectionId: string | null): Promise<{ synced: number; failed: number }> {
  const { rows } = await db.query<{ synced: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'synced')::int AS synced, count(*) FILTER (WHERE status IN ('failed', 'missing'))::int AS failed
     FROM notion_pages WHERE user_id = $1 AND connection_id = $2`,
    [userId, connectionId],
  );
  return { synced: rows[0]?.synced ?? 0, failed: rows[0]?.failed ?? 0 };
}
