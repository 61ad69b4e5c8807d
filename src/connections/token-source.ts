import { NonRetryableError } from "../errors.ts";
import type { TokenSource } from "../providers/tokens.ts";
import { accessToken, revoke, type TokenDeps } from "./refresh.ts";
import { connectionRow } from "./store.ts";

/** How long a client reuses the token it read before reading the row again (a refresh elsewhere, an expiry). */
const REUSE_MS = 60_000;

/**
 * The tokens of one stored connection, for a provider client. `current()` reads the vault (once a
 * minute at most); `renew()` after a 401 refreshes under the connection's row lock, or takes the
 * token another process stored meanwhile, and concurrent 401s for the same token share one
 * renewal; `invalidate()` after a second 401 marks the connection `invalid` and dead-letters its
 * queued jobs (`auth_revoked`).
 */
export function connectionTokens(deps: TokenDeps, connectionId: string): TokenSource {
  let cached: { token: Promise<string>; at: number } | undefined;
  const renewals = new Map<string, Promise<string>>();
  const remember = (token: Promise<string>) => {
    const entry = { token, at: deps.clock.now().getTime() };
    cached = entry;
    token.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return token;
  };
  return {
    current() {
      if (cached && deps.clock.now().getTime() - cached.at < REUSE_MS) return cached.token;
      return remember(accessToken(deps, connectionId));
    },
    renew(rejected) {
      let renewal = renewals.get(rejected);
      if (!renewal) {
        renewal = remember(accessToken(deps, connectionId, { rejected }));
        renewals.set(rejected, renewal);
      }
      return renewal;
    },
    async invalidate() {
      return deps.db.transaction(async (tx) => {
        const row = await connectionRow(tx, connectionId, true);
        if (!row) return new NonRetryableError("connection_gone", `connection ${connectionId} no longer exists`);
        return revoke(deps, tx, row, "the provider rejected a freshly refreshed token", deps.clock.now());
      });
    },
  };
}
