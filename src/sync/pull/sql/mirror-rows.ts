import { type Queryable, quoteIdent } from "../../../db/types.ts";
import type { ResolvedColumn } from "../resolve.ts";
import type { MirrorRow } from "../rows.ts";
import { qualifiedName } from "./tables.ts";

/** A mirror table's rows: the batch upsert of a page of results, and the deletes of trashed and gone pages. */

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows newly marked trashed: written with `in_trash = true` when they were not marked before (or did not exist). */
  trashed: number;
}

export const NO_WRITES: Readonly<UpsertCounts> = { inserted: 0, updated: 0, unchanged: 0, trashed: 0 };

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
 * changed, and leaves the rest untouched (no write, `synced_at` kept). Each written row says
 * whether it was inserted and whether it is newly trashed: `was` reads the rows as they were
 * before the statement (every part of one statement sees the same snapshot), so a row already
 * marked that is written again is not counted twice. Names were checked by `ensureTable`; they
 * are quoted all the same.
 */
export function upsertSql(schema: string, table: string, columns: readonly ResolvedColumn[]): string {
  const cols = recordColumns(columns);
  const names = cols.map(([n]) => quoteIdent(n)).join(", ");
  const defs = cols.map(([n, t]) => `${quoteIdent(n)} ${t}`).join(", ");
  const sets = cols.filter(([n]) => n !== "user_id" && n !== "notion_page_id").map(([n]) => `${quoteIdent(n)} = EXCLUDED.${quoteIdent(n)}`);
  const qualified = qualifiedName(schema, table);
  return `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${defs})),
was AS (
  SELECT p."notion_page_id", p."in_trash" FROM ${qualified} p
    JOIN r ON p."user_id" = r."user_id" AND p."notion_page_id" = r."notion_page_id"
),
written AS (
  INSERT INTO ${qualified} AS t (${names})
  SELECT ${names} FROM r
  ON CONFLICT ("user_id", "notion_page_id") DO UPDATE SET ${[...sets, '"synced_at" = now()'].join(", ")}
  WHERE t."content_hash" IS DISTINCT FROM EXCLUDED."content_hash"
  RETURNING (xmax = 0) AS inserted, t."notion_page_id", t."in_trash"
)
SELECT w.inserted, w."in_trash" AND NOT COALESCE(was."in_trash", false) AS newly_trashed
  FROM written w LEFT JOIN was ON was."notion_page_id" = w."notion_page_id"`;
}

/**
 * PostgreSQL's text and jsonb cannot hold NUL: an escaped NUL in the JSON (one not preceded by an
 * escaped backslash) becomes U+FFFD, visible like other control characters.
 */
const noNul = (json: string) => json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");

/** Runs `sql` (from `upsertSql`) for `rows` (distinct pages) and counts what it did. */
export async function upsertRows(db: Queryable, sql: string, rows: readonly MirrorRow[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { ...NO_WRITES };
  const { rows: written } = await db.query<{ inserted: boolean; newly_trashed: boolean }>(sql, [noNul(JSON.stringify(rows))]);
  const inserted = written.filter((w) => w.inserted).length;
  const trashed = written.filter((w) => w.newly_trashed).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length, trashed };
}

/** Deletes the user's rows of these pages; returns, for each row deleted, whether it was marked trashed. */
export async function deletePages(
  db: Queryable,
  schema: string,
  table: string,
  userId: string,
  pageIds: readonly string[],
): Promise<Array<{ in_trash: boolean }>> {
  const { rows } = await db.query<{ in_trash: boolean }>(
    `DELETE FROM ${qualifiedName(schema, table)} WHERE user_id = $1 AND notion_page_id = ANY($2::text[]) RETURNING in_trash`,
    [userId, pageIds],
  );
  return rows;
}

/** Deletes the user's rows of every page but these; returns how many. */
export async function deleteOtherPages(
  db: Queryable,
  schema: string,
  table: string,
  userId: string,
  seen: readonly string[],
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM ${qualifiedName(schema, table)} WHERE user_id = $1 AND NOT (notion_page_id = ANY($2::text[]))`,
    [userId, seen],
  );
  return rowCount;
}
