import type { Queryable } from "../../../db/types.ts";
import type { ColumnSpec, MirrorSpec } from "../mapping.ts";
import type { KnownBinding, ResolvedColumn } from "../resolve.ts";

/** `pull_bindings`: per data source (several users' databases share a table), what each column of the table is bound to. */

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
