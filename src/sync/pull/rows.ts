import { createHash } from "node:crypto";
import { extract } from "./columns.ts";
import type { ResolvedColumn } from "./resolve.ts";

/** A page of a data source query as Ferry reads it. */
export interface NotionRow {
  id: string;
  created_time: string;
  last_edited_time: string;
  in_trash: boolean;
  properties: Record<string, unknown>;
}

/** A mirror table row: the system columns (but `synced_at`) and the mapped columns, by column name. */
export type MirrorRow = Record<string, unknown> & { notion_page_id: string; last_edited_time: string; content_hash: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A query result that is a page (not a partial object or a data source), or null. */
export function asNotionRow(result: unknown): NotionRow | null {
  if (!isObject(result) || result.object !== "page" || typeof result.id !== "string") return null;
  if (typeof result.last_edited_time !== "string" || !isObject(result.properties)) return null;
  return {
    id: result.id,
    created_time: typeof result.created_time === "string" ? result.created_time : result.last_edited_time,
    last_edited_time: result.last_edited_time,
    in_trash: result.in_trash === true || result.archived === true,
    properties: result.properties,
  };
}

/** The property value of `column` in a page: looked up by the property's id (names change), then by its name. */
function propertyValue(page: NotionRow, column: ResolvedColumn): unknown {
  for (const value of Object.values(page.properties)) if (isObject(value) && value.id === column.propertyId) return value;
  return page.properties[column.propertyName];
}

/**
 * A page as a mirror row. `content_hash` covers every value written (but `synced_at`), so an
 * unchanged page, or one whose change touches nothing mirrored, writes nothing. Throws when a
 * property value cannot be read (the caller records it against the page).
 */
export function mapRow(userId: string, page: NotionRow, columns: readonly ResolvedColumn[]): MirrorRow {
  const mapped: Record<string, unknown> = {};
  for (const c of columns) mapped[c.column] = extract(c.propertyType, propertyValue(page, c), c.sqlType) ?? null;
  const system = {
    user_id: userId,
    notion_page_id: page.id,
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    in_trash: page.in_trash,
    properties: page.properties,
  };
  const content_hash = createHash("sha256")
    .update(JSON.stringify([system.last_edited_time, system.in_trash, system.properties, columns.map((c) => [c.column, mapped[c.column]])]))
    .digest("hex");
  return { ...mapped, ...system, content_hash };
}
