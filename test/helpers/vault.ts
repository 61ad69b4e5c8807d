import { randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../../src/db/types.ts";
import { aadFor } from "../../src/vault/envelope.ts";
import type { KeyRing } from "../../src/vault/keyring.ts";

/** A fresh random AES-256 key. */
export const newKey = (): Buffer => randomBytes(32);

export interface StoredTokens {
  id: string;
  access: string;
  refresh: string | null;
}

/** Inserts an app user and a connection whose tokens are encrypted with `ring`, bound to the new row. */
export async function insertConnection(db: Queryable, ring: KeyRing, access: string, refresh: string | null): Promise<StoredTokens> {
  const id = randomUUID();
  const user = `user-${id.slice(0, 8)}`;
  await db.query("INSERT INTO app_users (id) VALUES ($1)", [user]);
  await db.query(
    `INSERT INTO connections (id, user_id, provider, external_id, access_token, refresh_token)
     VALUES ($1, $2, 'notion', $3, $4, $5)`,
    [
      id,
      user,
      `workspace-${id.slice(0, 8)}`,
      ring.encrypt(access, aadFor("connections", id, "access_token")),
      refresh === null ? null : ring.encrypt(refresh, aadFor("connections", id, "refresh_token")),
    ],
  );
  return { id, access, refresh };
}

/** A connection's stored (encrypted) token columns. */
export async function storedTokens(db: Queryable, id: string): Promise<{ access_token: string; refresh_token: string | null }> {
  const res = await db.query<{ access_token: string; refresh_token: string | null }>(
    "SELECT access_token, refresh_token FROM connections WHERE id = $1",
    [id],
  );
  const row = res.rows[0];
  if (!row) throw new Error(`no connection ${id}`);
  return row;
}

/** Every connection row, every column, as text: what someone reading the table would see. */
export async function connectionsAsText(db: Queryable): Promise<string> {
  const res = await db.query<{ row: string }>("SELECT row_to_json(c)::text AS row FROM connections c");
  return res.rows.map((r) => r.row).join("\n");
}
