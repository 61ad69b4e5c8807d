import type { Queryable } from "../db/types.ts";
import type { KeyRing } from "./keyring.ts";
import { countByKeyId, SECRET_TABLES, type SecretTable } from "./sql.ts";

/** How a stored value relates to the ring: under the primary key, an older one, a key the ring lacks, or not an envelope. */
export type KeyRole = "primary" | "older" | "unknown" | "not an envelope";

export interface KeyUsage {
  table: string;
  column: string;
  kid: string | null;
  role: KeyRole;
  count: number;
}

/** Rows per key id in every secret column: what `ferry keys status` prints before and after a rotation. */
export async function keyUsage(q: Queryable, ring: KeyRing, tables: readonly SecretTable[] = SECRET_TABLES): Promise<KeyUsage[]> {
  const out: KeyUsage[] = [];
  for (const t of tables) {
    for (const column of t.columns) {
      for (const { kid, count } of await countByKeyId(q, t, column)) {
        out.push({ table: t.table, column, kid, count, role: roleOf(ring, kid) });
      }
    }
  }
  return out;
}

function roleOf(ring: KeyRing, kid: string | null): KeyRole {
  if (kid === null) return "not an envelope";
  if (kid === ring.primaryKeyId) return "primary";
  return ring.keyIds.includes(kid) ? "older" : "unknown";
}
