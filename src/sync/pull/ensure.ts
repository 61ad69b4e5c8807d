import type { Db } from "../../db/types.ts";
import type { MirrorSpec } from "./mapping.ts";
import { type DataSourceSchema, type ResolvedColumn, resolveColumns } from "./resolve.ts";
import { loadBindings, saveBindings } from "./sql/bindings.ts";
import { type EnsureResult, ensureTable } from "./tables.ts";

/**
 * Resolves a mirror's columns against its data source's schema (keeping renamed properties'
 * columns: the data source's bindings of the last run), makes its table fit, and records the
 * bindings for the next run.
 */
export async function ensureMirror(
  db: Db,
  spec: MirrorSpec,
  schema: DataSourceSchema,
  dataSourceId: string,
): Promise<EnsureResult & { columns: ResolvedColumn[] }> {
  const known = await loadBindings(db, spec.schema, spec.table, dataSourceId);
  const columns = resolveColumns(spec, schema, known);
  const ensured = await ensureTable(db, spec.schema, spec.table, columns);
  await saveBindings(db, spec, dataSourceId, columns);
  return { ...ensured, columns };
}
