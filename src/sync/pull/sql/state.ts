import type { Queryable } from "../../../db/types.ts";
import type { PullState, SchemaSnapshot } from "../state.ts";

/** `pull_state`: per user and mirror table, how far the last successful run got. */

export async function loadPullState(db: Queryable, userId: string, schema: string, table: string): Promise<PullState | null> {
  const { rows } = await db.query<{
    data_source_id: string;
    watermark: Date | null;
    mapping_hash: string | null;
    source_schema: SchemaSnapshot | null;
    last_full_at: Date | null;
  }>(
    "SELECT data_source_id, watermark, mapping_hash, source_schema, last_full_at FROM pull_state WHERE user_id = $1 AND schema_name = $2 AND table_name = $3",
    [userId, schema, table],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    dataSourceId: r.data_source_id,
    watermark: r.watermark,
    mappingHash: r.mapping_hash,
    sourceSchema: r.source_schema,
    lastFullAt: r.last_full_at,
  };
}

export interface SavedRun {
  userId: string;
  schema: string;
  table: string;
  dataSourceId: string;
  watermark: Date | null;
  mappingHash: string;
  sourceSchema: SchemaSnapshot;
  full: boolean;
  at: Date;
  summary: unknown;
}

/** Records a successful run: the new watermark, its mapping, the schema it saw and its summary (`last_full_at` only for a full run). */
export async function savePullState(db: Queryable, run: SavedRun): Promise<void> {
  await db.query(
    `INSERT INTO pull_state (user_id, schema_name, table_name, data_source_id, watermark, mapping_hash, source_schema, last_full_at, last_run, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $10::jsonb, CASE WHEN $7::boolean THEN $8::timestamptz END, $9::jsonb, now())
     ON CONFLICT (user_id, schema_name, table_name) DO UPDATE SET
       data_source_id = EXCLUDED.data_source_id,
       watermark = EXCLUDED.watermark,
       mapping_hash = EXCLUDED.mapping_hash,
       source_schema = EXCLUDED.source_schema,
       last_full_at = COALESCE(EXCLUDED.last_full_at, pull_state.last_full_at),
       last_run = EXCLUDED.last_run,
       updated_at = now()`,
    [
      run.userId,
      run.schema,
      run.table,
      run.dataSourceId,
      run.watermark,
      run.mappingHash,
      run.full,
      run.at,
      JSON.stringify(run.summary),
      JSON.stringify(run.sourceSchema),
    ],
  );
}

/** Which data source each of the user's mirror tables holds (`schema.table` → data source id). */
export async function boundTables(db: Queryable, userId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ schema_name: string; table_name: string; data_source_id: string }>(
    "SELECT schema_name, table_name, data_source_id FROM pull_state WHERE user_id = $1",
    [userId],
  );
  return new Map(rows.map((r) => [`${r.schema_name}.${r.table_name}`, r.data_source_id]));
}
