import type { Queryable } from "../../db/types.ts";

/** `sync_leases`: one row per key while someone holds it (see src/sync/lease.ts). */

/** Takes the key for `holder` until `until`, if it is free, expired, or already this holder's. */
export async function takeLease(db: Queryable, key: string, holder: string, until: Date, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO sync_leases (key, holder, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
     WHERE sync_leases.expires_at <= $4 OR sync_leases.holder = EXCLUDED.holder`,
    [key, holder, until, now],
  );
  return rowCount === 1;
}

/** Moves the holder's expiry on; false when the key is no longer this holder's. */
export async function renewLease(db: Queryable, key: string, holder: string, until: Date): Promise<boolean> {
  const { rowCount } = await db.query("UPDATE sync_leases SET expires_at = $3 WHERE key = $1 AND holder = $2", [key, holder, until]);
  return rowCount === 1;
}

export async function releaseLease(db: Queryable, key: string, holder: string): Promise<void> {
  await db.query("DELETE FROM sync_leases WHERE key = $1 AND holder = $2", [key, holder]);
}

/** Who holds a key now (expired or not), for status and tests. */
export async function leaseHolder(db: Queryable, key: string): Promise<{ holder: string; expiresAt: Date } | null> {
  const { rows } = await db.query<{ holder: string; expires_at: Date }>("SELECT holder, expires_at FROM sync_leases WHERE key = $1", [key]);
  const r = rows[0];
  return r ? { holder: r.holder, expiresAt: r.expires_at } : null;
}
