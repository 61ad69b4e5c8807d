/**
 * The write side alone: the rows a pull wrote, written again into fresh copies of the mirror table
 * with no Notion in between: one statement per page of 100 rows (what Ferry does) beside one
 * statement per row (what a naive loop does), on the same rows, in one run.
 */
import type { Db } from "../../src/db/types.ts";
import type { SqlType } from "../../src/sync/pull/columns.ts";
import type { ResolvedColumn } from "../../src/sync/pull/resolve.ts";
import type { MirrorRow } from "../../src/sync/pull/rows.ts";
import { upsertRows, upsertSql } from "../../src/sync/pull/sql/mirror-rows.ts";

export interface WriteScenario {
  name: string;
  rows: number;
  statements: number;
  seconds: number;
  rows_per_second: number;
}

/** A Db whose statements that insert into `schema` (the upsert is a WITH … INSERT) are timed: the time the run spent writing rows. */
export function timingWrites(db: Db, schema: string): { db: Db; seconds: () => number } {
  let ms = 0;
  const marker = `INSERT INTO "${schema}".`;
  const timed: Db = Object.create(db, {
    query: {
      value: async (text: string, params?: readonly unknown[], opts?: object) => {
        if (!text.includes(marker)) return db.query(text, params, opts);
        const t0 = performance.now();
        try {
          return await db.query(text, params, opts);
        } finally {
          ms += performance.now() - t0;
        }
      },
    },
  });
  return { db: timed, seconds: () => ms / 1000 };
}

async function mirrorColumns(db: Db, schema: string, table: string): Promise<ResolvedColumn[]> {
  const { rows } = await db.query<{ column_name: string; property_id: string; property_name: string; sql_type: SqlType }>(
    "SELECT column_name, property_id, property_name, sql_type FROM pull_columns WHERE schema_name = $1 AND table_name = $2 ORDER BY column_name",
    [schema, table],
  );
  return rows.map((r) => ({
    column: r.column_name,
    propertyId: r.property_id,
    propertyName: r.property_name,
    propertyType: "",
    sqlType: r.sql_type,
  }));
}

async function writeCopy(
  db: Db,
  schema: string,
  table: string,
  rows: MirrorRow[],
  columns: ResolvedColumn[],
  batch: number,
): Promise<WriteScenario> {
  const copy = `${table}_copy_${batch}`;
  await db.query(`DROP TABLE IF EXISTS "${schema}"."${copy}"`);
  await db.query(`CREATE TABLE "${schema}"."${copy}" (LIKE "${schema}"."${table}" INCLUDING ALL)`);
  const sql = upsertSql(schema, copy, columns);
  const t0 = performance.now();
  let written = 0;
  for (let i = 0; i < rows.length; i += batch) {
    const c = await upsertRows(db, sql, rows.slice(i, i + batch));
    written += c.inserted + c.updated;
  }
  const seconds = (performance.now() - t0) / 1000;
  await db.query(`DROP TABLE "${schema}"."${copy}"`);
  if (written !== rows.length) throw new Error(`wrote ${written} of ${rows.length} rows`);
  return {
    name: batch === 1 ? "one statement per row (naive)" : `one statement per ${batch} rows (Ferry)`,
    rows: rows.length,
    statements: Math.ceil(rows.length / batch),
    seconds: Number(seconds.toFixed(2)),
    rows_per_second: Math.round(rows.length / seconds),
  };
}

/** Writes the mirror's rows again, batched and row by row, each into a fresh copy of its table. */
export async function compareWrites(db: Db, schema: string, table: string): Promise<WriteScenario[]> {
  const columns = await mirrorColumns(db, schema, table);
  const { rows } = await db.query<{ row: MirrorRow }>(
    `SELECT to_jsonb(t) - 'synced_at' AS row FROM "${schema}"."${table}" t ORDER BY created_time, notion_page_id`,
  );
  const data = rows.map((r) => r.row);
  return [await writeCopy(db, schema, table, data, columns, 100), await writeCopy(db, schema, table, data, columns, 1)];
}
