import { createHash } from "node:crypto";
import { type Queryable, quoteIdent } from "../../../db/types.ts";
import type { SqlType } from "../columns.ts";
import type { ResolvedColumn } from "../resolve.ts";

/**
 * Mirror tables' DDL, and Ferry's record of the tables it made (`pull_tables`) and of where each
 * column comes from (`pull_columns`). Names are checked before they get here (`assertIdentifier`);
 * they are quoted all the same.
 */

/** How `format_type()` names each SQL type, to compare with a table as it is. */
export const PG_TYPE_NAMES: Record<SqlType, string> = {
  text: "text",
  "double precision": "double precision",
  boolean: "boolean",
  timestamptz: "timestamp with time zone",
  "text[]": "text[]",
  jsonb: "jsonb",
};

export interface SystemColumn {
  column: string;
  /** The column's definition after its name. */
  definition: string;
}

/** The columns every mirror table has; the primary key is `(user_id, notion_page_id)`. */
export const SYSTEM_COLUMNS: readonly SystemColumn[] = [
  { column: "user_id", definition: "text NOT NULL" },
  { column: "notion_page_id", definition: "text NOT NULL" },
  { column: "created_time", definition: "timestamptz" },
  { column: "last_edited_time", definition: "timestamptz" },
  { column: "in_trash", definition: "boolean NOT NULL DEFAULT false" },
  { column: "properties", definition: "jsonb NOT NULL DEFAULT '{}'::jsonb" },
  { column: "content_hash", definition: "text" },
  { column: "synced_at", definition: "timestamptz NOT NULL DEFAULT now()" },
];

export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.map((c) => c.column));

/** `schema.table` as SQL text, each name quoted. */
export const qualifiedName = (schema: string, table: string): string => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/**
 * Holds the schema's lock until the transaction ends. One lock per schema, not per table: CREATE
 * SCHEMA IF NOT EXISTS races itself between tables of a new schema.
 */
export async function lockSchema(tx: Queryable, schema: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`ferry.pull:${schema}`]);
}

/** Whether Ferry made this table. Read after the lock: this read of pull_tables (a relation lock) refreshes the catalog caches. */
export async function isFerryTable(tx: Queryable, schema: string, table: string): Promise<boolean> {
  const owned = await tx.query("SELECT 1 FROM pull_tables WHERE schema_name = $1 AND table_name = $2", [schema, table]);
  return owned.rows.length > 0;
}

/** The table's columns and their types as PostgreSQL names them; null when there is no such table. */
export async function currentColumns(tx: Queryable, schema: string, table: string): Promise<Map<string, string> | null> {
  const { rows } = await tx.query<{ name: string | null; type: string | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM (SELECT to_regclass($1) AS oid) r
       LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE r.oid IS NOT NULL`,
    [qualifiedName(schema, table)],
  );
  if (rows.length === 0) return null;
  return new Map(rows.flatMap((r) => (r.name && r.type ? [[r.name, r.type] as const] : [])));
}

function createSql(qualified: string, columns: readonly ResolvedColumn[]): string {
  const defs = [
    ...SYSTEM_COLUMNS.map((c) => `${quoteIdent(c.column)} ${c.definition}`),
    ...columns.map((c) => `${quoteIdent(c.column)} ${c.sqlType}`),
    `PRIMARY KEY (${quoteIdent("user_id")}, ${quoteIdent("notion_page_id")})`,
  ];
  return `CREATE TABLE ${qualified} (\n  ${defs.join(",\n  ")}\n)`;
}

/** Creates the schema (if need be) and the table (system columns, then `columns`), and records it as Ferry's. */
export async function createTable(tx: Queryable, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await tx.query(createSql(qualifiedName(schema, table), columns));
  await tx.query("INSERT INTO pull_tables (schema_name, table_name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [schema, table]);
}

/** Adds mapped columns to an existing table. */
export async function addColumns(tx: Queryable, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
  const qualified = qualifiedName(schema, table);
  for (const c of columns) await tx.query(`ALTER TABLE ${qualified} ADD COLUMN IF NOT EXISTS ${quoteIdent(c.column)} ${c.sqlType}`);
}

/** A stable index name within 63 characters: the table and column, and a hash so two never meet. */
function indexName(table: string, column: string): string {
  const hash = createHash("sha256").update(`${table}\u0000${column}`).digest("hex").slice(0, 8);
  return `${table.slice(0, 30)}_${column.slice(0, 20)}_${hash}`;
}

/** Indexes `notion_page_id` and each title column (with `user_id`; the primary key serves `user_id` alone). */
export async function createIndexes(tx: Queryable, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
  const qualified = qualifiedName(schema, table);
  const indexed = [["notion_page_id"], ...columns.filter((c) => c.propertyType === "title").map((c) => ["user_id", c.column])];
  for (const cols of indexed) {
    const name = indexName(table, cols.at(-1) ?? "");
    await tx.query(`CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${qualified} (${cols.map(quoteIdent).join(", ")})`);
  }
}

/** Records where each column comes from; a row is written only when it changed. */
export async function recordColumns(tx: Queryable, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
  for (const c of columns)
    await tx.query(
      `INSERT INTO pull_columns (schema_name, table_name, column_name, property_id, property_name, sql_type)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (schema_name, table_name, column_name) DO UPDATE
         SET property_id = EXCLUDED.property_id, property_name = EXCLUDED.property_name, sql_type = EXCLUDED.sql_type, updated_at = now()
       WHERE (pull_columns.property_id, pull_columns.property_name, pull_columns.sql_type)
         IS DISTINCT FROM (EXCLUDED.property_id, EXCLUDED.property_name, EXCLUDED.sql_type)`,
      [schema, table, c.column, c.propertyId, c.propertyName, c.sqlType],
    );
}
