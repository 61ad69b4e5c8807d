import type { Queryable } from "../../db/types.ts";

/** A top-level body block as Notion holds it: its id (once known) and the hash of its content. */
export interface BodyBlock {
  id: string | null;
  hash: string;
  type?: string;
  hasChildren?: boolean;
}

export type PageStatus = "creating" | "synced" | "failed" | "archived" | "missing";

export interface PageMapping {
  kind: string;
  docId: string;
  status: PageStatus;
  pageId: string | null;
  parentPageId: string | null;
  title: string | null;
  intentAt: Date | null;
  /** Null: unknown (the page's body must be read before it can be diffed). */
  blocks: BodyBlock[] | null;
  syncedSeq: string;
  lastError: string | null;
}

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

export const mapKey = (kind: string, id: string) => `${kind}\u0000${id}`;

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
