import type { Db } from "../../db/types.ts";
import { FerryError, ValidationError } from "../../errors.ts";
import { assertIdentifier } from "./mapping.ts";
import type { ResolvedColumn } from "./resolve.ts";
import {
  addColumns,
  createIndexes,
  createTable,
  currentColumns,
  isFerryTable,
  lockSchema,
  PG_TYPE_NAMES,
  recordColumns,
} from "./sql/tables.ts";

/**
 * Mirror tables: created and evolved by Ferry, under an advisory lock per schema, in one transaction.
 * Columns are only ever added; where each comes from is recorded in `pull_columns`.
 */

export interface EnsureResult {
  created: boolean;
  /** Mapped columns added to an existing table. */
  added: string[];
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

/**
 * Makes `schema.table` fit the mapping: creates the schema and table (system columns, primary key
 * `(user_id, notion_page_id)`), adds mapped columns it lacks, and indexes `notion_page_id` and
 * each title column (with `user_id`; the primary key serves `user_id` alone). Refuses, changing
 * nothing, a bad name (ValidationError), a table Ferry did not create, or a column whose type
 * would change (`conflict`).
 */
export async function ensureTable(db: Db, schema: string, table: string, columns: readonly ResolvedColumn[]): Promise<EnsureResult> {
  check(schema, table, columns);
  return db.transaction(async (tx) => {
    await lockSchema(tx, schema);
    const owned = await isFerryTable(tx, schema, table);
    const current = await currentColumns(tx, schema, table);
    if (current && !owned)
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
    if (!current) await createTable(tx, schema, table, columns);
    await addColumns(tx, schema, table, added);
    await createIndexes(tx, schema, table, columns);
    await recordColumns(tx, schema, table, columns);
    return { created: !current, added: added.map((c) => c.column) };
  });
}
