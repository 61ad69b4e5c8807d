/** What Ferry knows of each node's Notion page (`notion_pages`, read and written in `sql/mappings.ts`). */

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

export const mapKey = (kind: string, id: string) => `${kind}\u0000${id}`;
