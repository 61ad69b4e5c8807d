import type { Db, Queryable } from "../db/types.ts";
import { FerryError } from "../errors.ts";
import { aadFor } from "./envelope.ts";
import type { KeyRing } from "./keyring.ts";
import { lockSecretRow, SECRET_TABLES, type SecretRow, type SecretTable, secretRowsAfter, updateSecretRow } from "./sql.ts";

/** A row rotation had to leave alone: where it is and why, never what it holds. */
export interface RotationFailure {
  table: string;
  id: string;
  column: string;
  reason: string;
}

export interface RotationResult {
  /** Rows read, in every secret table. */
  scanned: number;
  /** Rows re-encrypted under the primary key. */
  rotated: number;
  /** Rows that no configured key could decrypt; left untouched and listed in `failures`. */
  failed: number;
  failures: RotationFailure[];
}

export interface RotateOptions {
  /** Rows read per query. Default 200. */
  batchSize?: number;
  /** Defaults to SECRET_TABLES; tests may narrow it. */
  tables?: readonly SecretTable[];
}

type RowOutcome = "current" | "rotated" | RotationFailure;

/**
 * Re-encrypts, under the ring's primary key, every secret that is under an older key. Rows are
 * read in id order in batches; each row that needs work is re-read with `FOR UPDATE` and
 * rewritten in its own transaction, so a token refreshed meanwhile is never overwritten with the
 * stale one. Once it reports no failures, no row needs the older keys any more.
 */
export async function rotateSecrets(db: Db, ring: KeyRing, opts: RotateOptions = {}): Promise<RotationResult> {
  const batchSize = opts.batchSize ?? 200;
  const result: RotationResult = { scanned: 0, rotated: 0, failed: 0, failures: [] };
  for (const t of opts.tables ?? SECRET_TABLES) {
    let after: string | undefined;
    for (;;) {
      const rows = await secretRowsAfter(db, t, after, batchSize);
      for (const row of rows) {
        result.scanned++;
        if (!t.columns.some((c) => needsWork(ring, row[c]))) continue;
        const outcome = await db.transaction((tx) => rotateRow(tx, ring, t, row.id));
        if (outcome === "rotated") result.rotated++;
        else if (outcome !== "current") {
          result.failed++;
          result.failures.push(outcome);
        }
      }
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) break;
      after = last.id;
    }
  }
  return result;
}

function needsWork(ring: KeyRing, value: string | null | undefined): value is string {
  return typeof value === "string" && ring.needsRotation(value);
}

async function rotateRow(tx: Queryable, ring: KeyRing, t: SecretTable, id: string): Promise<RowOutcome> {
  const row: SecretRow | undefined = await lockSecretRow(tx, t, id);
  if (!row) return "current"; // deleted since the batch was read
  const updates = new Map<string, string>();
  for (const column of t.columns) {
    const value = row[column];
    if (!needsWork(ring, value)) continue;
    try {
      updates.set(column, ring.reencrypt(value, aadFor(t.table, id, column)));
    } catch (err) {
      if (!(err instanceof FerryError) || err.code !== "decryption_failed") throw err;
      return { table: t.table, id, column, reason: err.message };
    }
  }
  if (updates.size === 0) return "current"; // rewritten under the primary key since the batch was read
  await updateSecretRow(tx, t, id, updates);
  return "rotated";
}
