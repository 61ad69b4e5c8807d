import type { Queryable } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";
import type { EnqueueResult } from "../types.ts";

export interface EnqueueRow {
  queue: string;
  type: string;
  payload: unknown;
  priority: number;
  runAt: Date | null;
  maxAttempts: number;
  dedupeKey: string | null;
}

const INSERT = `
WITH input AS (
  SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS id, u.*
  FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[], $5::timestamptz[], $6::int[], $7::text[])
    WITH ORDINALITY AS u(queue, type, payload, priority, run_at, max_attempts, dedupe_key, ord)
), ins AS (
  INSERT INTO jobs (id, queue, type, payload, priority, run_at, max_attempts, dedupe_key)
  SELECT id, queue, type, payload, priority, coalesce(run_at, now()), max_attempts, dedupe_key FROM input ORDER BY ord
  ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
  RETURNING id
)
SELECT input.ord::int AS ord, input.id::text AS id, (ins.id IS NOT NULL) AS created,
       (SELECT count(*) FROM (SELECT pg_notify($8, $9) WHERE EXISTS (SELECT 1 FROM ins)) n) AS notified
FROM input LEFT JOIN ins ON ins.id = input.id
ORDER BY input.ord`;

/**
 * Inserts jobs in one statement and sends one NOTIFY for the whole call. Rows whose dedupe key
 * is held by a live job resolve to that job; if that job finishes in between, they are inserted
 * again (bounded). Works inside a caller's transaction (pass its Queryable).
 */
export async function insertJobs(db: Queryable, rows: EnqueueRow[], channel: string): Promise<EnqueueResult[]> {
  const results: Array<EnqueueResult | undefined> = new Array(rows.length);
  let pending = rows.map((row, index) => ({ row, index }));
  for (let round = 0; round < 5 && pending.length > 0; round++) {
    const queues = [...new Set(pending.map((p) => p.row.queue))].join(",");
    const res = await db.query<{ ord: number; id: string; created: boolean }>(INSERT, [
      pending.map((p) => p.row.queue),
      pending.map((p) => p.row.type),
      pending.map((p) => JSON.stringify(p.row.payload)),
      pending.map((p) => p.row.priority),
      pending.map((p) => p.row.runAt),
      pending.map((p) => p.row.maxAttempts),
      pending.map((p) => p.row.dedupeKey),
      channel,
      queues,
    ]);
    const conflicted: typeof pending = [];
    for (const r of res.rows) {
      const p = pending[r.ord - 1];
      if (!p) continue;
      if (r.created) results[p.index] = { id: r.id, created: true };
      else conflicted.push(p);
    }
    if (conflicted.length === 0) break;
    const keys = [...new Set(conflicted.map((p) => p.row.dedupeKey as string))];
    const existing = await db.query<{ id: string; dedupe_key: string }>(
      "SELECT id::text AS id, dedupe_key FROM jobs WHERE dedupe_key = ANY($1::text[])",
      [keys],
    );
    const byKey = new Map(existing.rows.map((r) => [r.dedupe_key, r.id]));
    pending = [];
    for (const p of conflicted) {
      const id = byKey.get(p.row.dedupeKey as string);
      if (id !== undefined) results[p.index] = { id, created: false };
      else pending.push(p);
    }
  }
  if (results.some((r) => r === undefined))
    throw new FerryError(
      "conflict",
      "enqueue could not settle its dedupe keys after 5 rounds; jobs holding them keep finishing — try again",
    );
  return results as EnqueueResult[];
}
