import { ProviderUnauthorizedError } from "./errors.ts";

/**
 * Where a client gets its access token, and what it does when the provider rejects one. The
 * connection layer implements it over the token vault (`connections/token-source.ts`); a test
 * or a one-off call can use `staticToken`.
 */
export interface TokenSource {
  /** The token to send now. */
  current(): Promise<string>;
  /**
   * The provider answered 401 to `rejected`: a token to try instead (refreshed once, or the one
   * another process stored meanwhile). Absent: the token cannot be renewed.
   */
  renew?(rejected: string): Promise<string>;
  /**
   * The provider rejected the renewed token too: the grant is gone. Marks the connection and
   * returns the error to throw (a NonRetryableError `auth_revoked`).
   */
  invalidate?(rejected: string): Promise<Error>;
}

export const staticToken = (token: string): TokenSource => ({ current: async () => token });

/**
 * Sends a request with the source's token; on a 401 renews it once and sends again, and on a
 * second 401 gives the grant up. `send` must throw ProviderUnauthorizedError for a 401 (the
 * provider folders' classifiers do), and nothing else is caught here.
 */
export async function withToken<T>(tokens: TokenSource, send: (token: string) => Promise<T>): Promise<T> {
  const first = await tokens.current();
  try {
    return await send(first);
  } catch (err) {
    if (!(err instanceof ProviderUnauthorizedError) || !tokens.renew) throw err;
  }
  const second = await tokens.renew(first);
  try {
    return await send(second);
  } catch (err) {
    if (!(err instanceof ProviderUnauthorizedError) || !tokens.invalidate) throw err;
    throw await tokens.invalidate(second);
  }
}
