import { createHash } from "node:crypto";
import { type Db, type Queryable, quoteIdent } from "../../db/types.ts";
import { FerryError, ValidationError } from "../../errors.ts";
import { PG_TYPE_NAMES, SYSTEM_COLUMNS } from "./columns.ts";
import { assertIdentifier, type ColumnSpec, type MirrorSpec } from "./mapping.ts";
import type { KnownBinding, ResolvedColumn } from "./resolve.ts";

/**
 * Mirror tables: created and evolved by Ferry, under an advisory lock per schema, in one transaction.
 * Columns are only ever added; where each comes from is recorded in `pull_columns`.
 */

export interface EnsureResult {
  created: boolean;
  /** Mapped columns added to an existing table. */
  added: string[];
}

/**
 * What each column of a mirror table was bound to in this data source, for `resolveColumns`
 * (keeps renamed properties' columns). Per data source: several users' databases share a table.
 */
export async function loadBindings(db: Queryable, schema: string, table: string, dataSourceId: string): Promise<Map<string, KnownBinding>> {
  const { rows } = await db.query<{
    column_name: string;
    property_id: string;
    property_name: string;
    spec_from: ColumnSpec["from"] | null;
  }>(
    "SELECT column_name, property_id, property_name, spec_from FROM pull_bindings WHERE schema_name = $1 AND table_name = $2 AND data_source_id = $3",
    [schema, table, dataSourceId],
  );
  return new Map(rows.map((r) => [r.column_name, { propertyId: r.property_id, propertyName: r.property_name, from: r.spec_from }]));
}

/** Records what each column of `spec` is bound to in this data source, and the `from` it was bound for. */
export async function saveBindings(
  db: Queryable,
  spec: MirrorSpec,
  dataSourceId: string,
  columns: readonly ResolvedColumn[],
): Promise<void> {
  const from = new Map(spec.columns.map((c) => [c.column, c.from]));
  await db.query(
    `INSERT INTO pull_bindings AS b (schema_name, table_name, data_source_id, column_name, property_id, property_name, spec_from)
     SELECT $1, $2, $3, r.column_name, r.property_id, r.property_name, r.spec_from
       FROM jsonb_to_recordset($4::jsonb) AS r(column_name text, property_id text, property_name text, spec_from jsonb)
     ON CONFLICT (schema_name, table_name, data_source_id, column_name) DO UPDATE
       SET property_id = EXCLUDED.property_id, property_name = EXCLUDED.property_name, spec_from = EXCLUDED.spec_from, updated_at = now()
     WHERE (b.property_id, b.property_name, b.spec_from) IS DISTINCT FROM (EXCLUDED.property_id, EXCLUDED.property_name, EXCLUDED.spec_from)`,
    [
      spec.schema,
      spec.table,
      dataSourceId,
      JSON.stringify(
        columns.map((c) => ({
          column_name: c.column,
          property_id: c.propertyId,
          property_name: c.propertyName,
          spec_from: from.get(c.column),
        })),
      ),
    ],
  );
}

/** A stable index name within 63 characters: the table and column, and a hash so two never meet. */
function indexName(table: string, column: string): string {
  const hash = createHash("sha256").update(`${table}\u0000${column}`).digest("hex").slice(0, 8);
  return `${table.slice(0, 30)}_${column.slice(0, 20)}_${hash}`;
}

function check(schema: string, table: string, columns: readonly ResolvedColumn[]): void {
  assertIdentifier(schema, "schema", "schema");
  assertIdentifier(table, "table", "table");
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    assertIdentifier(c.column, "column", `columns.${i}.column`);
    if (seen.has(c.column) || !Object.hasOwn(PG_TYPE_NAMES, c.sqlType)) {
      const message = seen.has(c.column) ? `column "${c.column}" is mapped twice` : `unknown SQL type ${JSON.stringify(c.sqlType)}`;
      throw new ValidationError(`invalid columns: columns.${i}: ${message}`, [{ field: `columns.${i}`, message }]);
    }
    seen.add(c.column);
  });
}

/** The table's columns and their types as PostgreSQL names them; empty when there is no such table. */
async function currentColumns(tx: Queryable, qualified: string): Promise<Map<string, string> | null> {
  const { rows } = await tx.query<{ name: string | null; type: string | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM (SELECT to_regclass($1) AS oid) r
       LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE r.oid IS NOT NULL`,
    [qualified],
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

/**
 * Makes `schema.table` fit the mapping: creates the schema and table (system columns, primary key
 * `(user_id, notion_page_id)`), adds mapped columns it lacks, and indexes `notion_page_id` and
 * each title column (with `user_id`; the primary key serves `user_id` alone). Refuses, changing
 * nothing, a bad name (ValidationError), a table Ferry did not create, or a column whose type
 * would change (`conflict`).
 */
export async function ensureTable(db: Db, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<EnsureResult> {
  check(schema, table, columns);
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  return db.transaction(async (tx) => {
    // One lock per schema, not per table: CREATE SCHEMA IF NOT EXISTS races itself between tables of a
    // new schema. The first read of pull_tables (a relation lock) then refreshes the catalog caches.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`ferry.pull:${schema}`]);
    const owned = await tx.query("SELECT 1 FROM pull_tables WHERE schema_name = $1 AND table_name = $2", [schema, table]);
    const current = await currentColumns(tx, qualified);
    if (current && owned.rows.length === 0)
      throw new FerryError("conflict", `${schema}.${table} exists and was not created by Ferry; choose another table name`, {
        schema,
        table,
      });
    const changed = columns.filter((c) => current?.has(c.column) && current.get(c.column) !== PG_TYPE_NAMES[c.sqlType]);
    if (changed.length)
      throw new FerryError(
        "conflict",
        `${schema}.${table}: ${changed.map((c) => `column "${c.column}" is ${current?.get(c.column)}, the mapping now makes it ${c.sqlType}`).join("; ")}; map it with "as" or to a new column`,
        { schema, table, columns: changed.map((c) => ({ column: c.column, was: current?.get(c.column), now: c.sqlType })) },
      );
    const added = current ? columns.filter((c) => !current.has(c.column)) : [];
    if (!current) {
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await tx.query(createSql(qualified, columns));
      await tx.query("INSERT INTO pull_tables (schema_name, table_name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [schema, table]);
    }
    for (const c of added) await tx.query(`ALTER TABLE ${qualified} ADD COLUMN IF NOT EXISTS ${quoteIdent(c.column)} ${c.sqlType}`);
    await createIndexes(tx, qualified, table, columns);
    await recordColumns(tx, schema, table, columns);
    return { created: !current, added: added.map((c) => c.column) };
  });
}

async function createIndexes(tx: Queryable, qualified: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
  const indexed = [["notion_page_id"], ...columns.filter((c) => c.propertyType === "title").map((c) => ["user_id", c.column])];
  for (const cols of indexed) {
    const name = indexName(table, cols.at(-1) ?? "");
    await tx.query(`CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${qualified} (${cols.map(quoteIdent).join(", ")})`);
  }
}

async function recordColumns(tx: Queryable, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<void> {
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
