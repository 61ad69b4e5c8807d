import { ProviderUnauthorizedError } from "../providers/errors.ts";
import { accessToken, revoke, type TokenDeps } from "./refresh.ts";
import { connectionRow } from "./store.ts";

/**
 * Runs a provider call with the connection's access token. On a 401 it refreshes once (or takes
 * the token another process just stored) and tries again; a second 401 with a fresh token means
 * the grant is gone: the connection is marked `invalid`, its queued jobs are dead-lettered, and
 * the NonRetryableError (`auth_revoked`) tells the queue not to retry.
 */
export async function withAccessToken<T>(deps: TokenDeps, connectionId: string, call: (token: string) => Promise<T>): Promise<T> {
  const first = await accessToken(deps, connectionId);
  try {
    return await call(first);
  } catch (err) {
    if (!(err instanceof ProviderUnauthorizedError)) throw err;
  }
  const second = await accessToken(deps, connectionId, { rejected: first });
  try {
    return await call(second);
  } catch (err) {
    if (!(err instanceof ProviderUnauthorizedError)) throw err;
    const error = await deps.db.transaction(async (tx) => {
      const row = await connectionRow(tx, connectionId, true);
      if (!row) throw err;
      return revoke(deps, tx, row, "the provider rejected a freshly refreshed token", deps.clock.now());
    });
    throw error;
  }
}
