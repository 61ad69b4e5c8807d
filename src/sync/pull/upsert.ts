import { type Db, quoteIdent } from "../../db/types.ts";
import type { ResolvedColumn } from "./resolve.ts";
import type { MirrorRow } from "./rows.ts";

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The columns a row carries, with their types for `jsonb_to_recordset` (`synced_at` is set by the statement). */
function recordColumns(columns: readonly ResolvedColumn[]): Array<[string, string]> {
  return [
    ["user_id", "text"],
    ["notion_page_id", "text"],
    ["created_time", "timestamptz"],
    ["last_edited_time", "timestamptz"],
    ["in_trash", "boolean"],
    ["properties", "jsonb"],
    ["content_hash", "text"],
    ...columns.map((c): [string, string] => [c.column, c.sqlType]),
  ];
}

/**
 * One statement for a batch of rows: inserts new pages, updates those whose `content_hash`
 * changed, and leaves the rest untouched (no write, `synced_at` kept). Names were checked by
 * `ensureTable`; they are quoted all the same.
 */
export function upsertSql(schema: string, table: string, columns: readonly ResolvedColumn[]): string {
  const cols = recordColumns(columns);
  const names = cols.map(([n]) => quoteIdent(n)).join(", ");
  const defs = cols.map(([n, t]) => `${quoteIdent(n)} ${t}`).join(", ");
  const sets = cols.filter(([n]) => n !== "user_id" && n !== "notion_page_id").map(([n]) => `${quoteIdent(n)} = EXCLUDED.${quoteIdent(n)}`);
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  return `INSERT INTO ${qualified} AS t (${names})
SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${defs})
ON CONFLICT ("user_id", "notion_page_id") DO UPDATE SET ${[...sets, '"synced_at" = now()'].join(", ")}
WHERE t."content_hash" IS DISTINCT FROM EXCLUDED."content_hash"
RETURNING (xmax = 0) AS inserted`;
}

/** Runs `sql` (from `upsertSql`) for `rows` (distinct pages) and counts what it did. */
export async function upsertRows(db: Db, sql: string, rows: readonly MirrorRow[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const { rows: written } = await db.query<{ inserted: boolean }>(sql, [JSON.stringify(rows)]);
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}
