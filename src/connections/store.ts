import { randomUUID } from "node:crypto";
import type { Queryable } from "../db/types.ts";
import type { ConnectedAccount, OAuthTokens, ProviderId } from "../providers/types.ts";
import { aadFor } from "../vault/envelope.ts";

/** What the vault offers the connection store: envelopes bound to their row by associated data. */
export interface TokenCipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(envelope: string, aad: string): string;
}

/** Associated data binding a token envelope to its row and column: a copied envelope does not decrypt elsewhere. */
export const tokenAad = (connectionId: string, column: "access_token" | "refresh_token") => aadFor("connections", connectionId, column);

export type ConnectionStatus = "active" | "invalid" | "revoked";

export interface Connection {
  id: string;
  userId: string;
  provider: ProviderId;
  externalId: string;
  status: ConnectionStatus;
  metadata: Record<string, unknown>;
  scopes: string[];
  tokenExpiresAt: Date | null;
  lastRefreshedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionRow {
  id: string;
  user_id: string;
  provider: ProviderId;
  external_id: string;
  status: ConnectionStatus;
  metadata: Record<string, unknown>;
  scopes: string[];
  access_token: string;
  refresh_token: string | null;
  token_expires_at: Date | null;
  last_refreshed_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The public view of a row: never the token columns. */
export const toConnection = (r: ConnectionRow): Connection => ({
  id: r.id,
  userId: r.user_id,
  provider: r.provider,
  externalId: r.external_id,
  status: r.status,
  metadata: r.metadata,
  scopes: r.scopes,
  tokenExpiresAt: r.token_expires_at,
  lastRefreshedAt: r.last_refreshed_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Encrypted token columns for a row. */
export function sealTokens(cipher: TokenCipher, id: string, t: OAuthTokens): { access: string; refresh: string | null } {
  return {
    access: cipher.encrypt(t.accessToken, tokenAad(id, "access_token")),
    refresh: t.refreshToken === null ? null : cipher.encrypt(t.refreshToken, tokenAad(id, "refresh_token")),
  };
}

/**
 * Stores a new grant, or replaces the tokens of the user's existing connection to the same
 * account or workspace (one connection per user × provider × external id). Call inside a
 * transaction: an advisory lock on the triple keeps two racing callbacks from both inserting.
 */
export async function saveConnection(
  tx: Queryable,
  cipher: TokenCipher,
  input: { userId: string; provider: ProviderId; account: ConnectedAccount; now: Date },
): Promise<{ connection: Connection; created: boolean }> {
  const { userId, provider, account, now } = input;
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))", [JSON.stringify([userId, provider, account.externalId])]);
  const existing = await tx.query<{ id: string }>("SELECT id FROM connections WHERE user_id = $1 AND provider = $2 AND external_id = $3", [
    userId,
    provider,
    account.externalId,
  ]);
  const id = existing.rows[0]?.id ?? randomUUID();
  const sealed = sealTokens(cipher, id, account.tokens);
  const { rows } = await tx.query<ConnectionRow>(
    `INSERT INTO connections (id, user_id, provider, external_id, status, metadata, scopes, access_token, refresh_token,
       token_expires_at, last_refreshed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, NULL, $10, $10)
     ON CONFLICT (id) DO UPDATE SET status = 'active', metadata = EXCLUDED.metadata, scopes = EXCLUDED.scopes,
       access_token = EXCLUDED.access_token, refresh_token = EXCLUDED.refresh_token, token_expires_at = EXCLUDED.token_expires_at,
       last_error = NULL, last_error_at = NULL, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [
      id,
      userId,
      provider,
      account.externalId,
      JSON.stringify(account.metadata),
      account.tokens.scopes,
      sealed.access,
      sealed.refresh,
      account.tokens.expiresAt,
      now,
    ],
  );
  return { connection: toConnection(rows[0] as ConnectionRow), created: existing.rows.length === 0 };
}

export async function listConnections(db: Queryable, userId: string): Promise<Connection[]> {
  const { rows } = await db.query<ConnectionRow>("SELECT * FROM connections WHERE user_id = $1 ORDER BY created_at, id", [userId]);
  return rows.map(toConnection);
}

/** The row with its token envelopes (for refresh and provider calls); `lock` takes a row lock in a transaction. */
export async function connectionRow(db: Queryable, id: string, lock = false): Promise<ConnectionRow | null> {
  const { rows } = await db.query<ConnectionRow>(`SELECT * FROM connections WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  return rows[0] ?? null;
}

/** A user's connection to `provider` that syncs use: the newest active one, else the newest (to show its status). */
export async function latestConnection(
  db: Queryable,
  userId: string,
  provider: string,
): Promise<{ id: string; status: ConnectionStatus; external_id: string } | null> {
  const { rows } = await db.query<{ id: string; status: ConnectionStatus; external_id: string }>(
    `SELECT id, status, external_id FROM connections WHERE user_id = $1 AND provider = $2
      ORDER BY (status = 'active') DESC, updated_at DESC LIMIT 1`,
    [userId, provider],
  );
  return rows[0] ?? null;
}

/** Marks a connection unusable (`invalid`: the grant was revoked at the provider) with the reason. */
export async function markConnection(db: Queryable, id: string, status: ConnectionStatus, error: string | null, now: Date): Promise<void> {
  await db.query("UPDATE connections SET status = $2, last_error = $3, last_error_at = $4, updated_at = $4 WHERE id = $1", [
    id,
    status,
    error,
    now,
  ]);
}

/** Records what the provider's verify call said about a connection (`metadata.verified`, `verified_at`). */
export async function recordVerification(db: Queryable, id: string, seen: Record<string, unknown>, now: Date): Promise<void> {
  await db.query("UPDATE connections SET metadata = metadata || $2::jsonb, updated_at = $3 WHERE id = $1", [
    id,
    JSON.stringify({ verified: seen, verified_at: now.toISOString() }),
    now,
  ]);
}
