import type { Clock } from "../clock.ts";
import type { Db } from "../db/types.ts";
import { NonRetryableError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { OAuthProviderError } from "../providers/errors.ts";
import type { ProviderSet } from "../providers/registry.ts";
import { cancelQueuedJobs } from "../queue/sql/admin.ts";
import { type ConnectionRow, connectionRow, markConnection, sealTokens, type TokenCipher, tokenAad } from "./store.ts";

export interface TokenDeps {
  db: Db;
  cipher: TokenCipher;
  providers: ProviderSet;
  clock: Clock;
  logger: Logger;
  /** Refresh this long before expiry. */
  skewMs?: number;
}

const DEFAULT_SKEW_MS = 120_000;

const unusable = (row: ConnectionRow) =>
  new NonRetryableError(
    "auth_revoked",
    `connection ${row.id} is ${row.status}${row.last_error ? ` (${row.last_error})` : ""}: the user must connect again`,
  );

function fresh(row: ConnectionRow, now: Date, skewMs: number): boolean {
  return row.token_expires_at === null || row.token_expires_at.getTime() - skewMs > now.getTime();
}

/**
 * A usable access token for the connection. Refreshes when it expires within the skew, or when
 * `rejected` (the token a provider just answered 401 to) is still the stored one. Only one
 * process refreshes a connection at a time: the refresh runs under the row's lock and re-reads
 * the row after taking it, so a waiter uses the token the first one stored. A revoked grant
 * marks the connection `invalid`, dead-letters its queued jobs (`auth_revoked`) and throws a
 * NonRetryableError.
 */
export async function accessToken(deps: TokenDeps, connectionId: string, opts: { rejected?: string } = {}): Promise<string> {
  const skew = deps.skewMs ?? DEFAULT_SKEW_MS;
  const open = (row: ConnectionRow) => deps.cipher.decrypt(row.access_token, tokenAad(row.id, "access_token"));
  const first = await connectionRow(deps.db, connectionId);
  if (!first) throw new NonRetryableError("connection_gone", `connection ${connectionId} does not exist`);
  if (first.status !== "active") throw unusable(first);
  if (!opts.rejected && fresh(first, deps.clock.now(), skew)) return open(first);

  const outcome = await deps.db.transaction(async (tx) => {
    const row = await connectionRow(tx, connectionId, true);
    if (!row) throw new NonRetryableError("connection_gone", `connection ${connectionId} does not exist`);
    if (row.status !== "active") return { error: unusable(row) };
    const current = open(row);
    // Someone refreshed while we waited for the lock (or before): use theirs.
    if (opts.rejected ? current !== opts.rejected : fresh(row, deps.clock.now(), skew)) return { token: current };
    const provider = deps.providers.get(row.provider);
    if (!provider) throw new NonRetryableError("unknown_provider", `connection ${row.id} has an unknown provider`);
    const refreshToken = row.refresh_token ? deps.cipher.decrypt(row.refresh_token, tokenAad(row.id, "refresh_token")) : null;
    const now = deps.clock.now();
    if (!refreshToken) {
      // Without a refresh token a rejected token cannot be renewed: the grant is gone.
      return { error: await revoke(deps, tx, row, "the provider rejected the token and there is no refresh token", now) };
    }
    try {
      const t = await provider.oauth.refresh(refreshToken);
      const sealed = sealTokens(deps.cipher, row.id, { ...t, refreshToken: t.refreshToken ?? refreshToken });
      await tx.query(
        `UPDATE connections SET access_token = $2, refresh_token = $3, token_expires_at = $4, last_refreshed_at = $5,
           scopes = CASE WHEN cardinality($6::text[]) > 0 THEN $6::text[] ELSE scopes END, last_error = NULL, last_error_at = NULL, updated_at = $5
         WHERE id = $1`,
        [row.id, sealed.access, sealed.refresh, t.expiresAt, now, t.scopes],
      );
      deps.logger.info({ connectionId: row.id, provider: row.provider }, "refreshed connection tokens");
      return { token: t.accessToken };
    } catch (err) {
      if (err instanceof OAuthProviderError && err.revoked)
        return { error: await revoke(deps, tx, row, "refresh token revoked (invalid_grant)", now) };
      throw err;
    }
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.token;
}

/** Marks the connection invalid and dead-letters its queued jobs, in the caller's transaction. */
export async function revoke(
  deps: TokenDeps,
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  row: ConnectionRow,
  reason: string,
  now: Date,
) {
  await markConnection(tx, row.id, "invalid", reason, now);
  const cancelled = await cancelQueuedJobs(tx, "connection_id", row.id, "auth_revoked", now);
  deps.logger.warn(
    { connectionId: row.id, provider: row.provider, cancelledJobs: cancelled.length },
    "connection invalid: the grant was revoked",
  );
  return new NonRetryableError("auth_revoked", `connection ${row.id} was revoked at the provider: the user must connect again`);
}
