import type { Db } from "../../db/types.ts";
import type { MirrorSpec } from "./mapping.ts";
import { type DataSourceSchema, type ResolvedColumn, resolveColumns } from "./resolve.ts";
import { type EnsureResult, ensureTable, loadBindings } from "./tables.ts";

/** Resolves a mirror's columns against its data source (keeping renamed properties' columns) and makes its table fit. */
export async function ensureMirror(
  db: Db,
  spec: MirrorSpec,
  schema: DataSourceSchema,
): Promise<EnsureResult & { columns: ResolvedColumn[] }> {
  const known = await loadBindings(db, spec.schema, spec.table);
  const columns = resolveColumns(spec, schema, known);
  return { ...(await ensureTable(db, spec.schema, spec.table, columns)), columns };
}
