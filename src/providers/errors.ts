import { FerryError } from "../errors.ts";
import { ProviderRetryableError, RateLimitWaitError } from "../http-client/errors.ts";

/**
 * A provider refused an OAuth request. `grant` is OAuth's error code (`invalid_grant`,
 * `invalid_client`, ...) when the provider gave one. Messages never carry tokens or codes.
 */
export class OAuthProviderError extends FerryError {
  readonly grant: string | null;

  constructor(provider: string, grant: string | null, message: string, options?: ErrorOptions) {
    super("provider_error", `${provider} OAuth: ${message}`, { provider, oauth_error: grant }, options);
    this.name = "OAuthProviderError";
    this.grant = grant;
  }

  /** The grant is gone (revoked, expired, reused): the user must connect again. */
  get revoked(): boolean {
    return this.grant === "invalid_grant";
  }
}

/** OAuth's `error` field from a provider's error body, when there is one. */
export function oauthErrorCode(body: unknown): string | null {
  const b = body as { error?: unknown; code?: unknown } | null;
  if (typeof b?.error === "string") return b.error;
  if (typeof b?.code === "string") return b.code;
  return null;
}

/** The provider answered 401 to an access token: refresh it (or re-authorise) and try again. */
export class ProviderUnauthorizedError extends FerryError {
  constructor(provider: string, options?: ErrorOptions) {
    super("unauthorized", `${provider} rejected the access token (401)`, { provider }, options);
    this.name = "ProviderUnauthorizedError";
  }
}

/**
 * Errors that stop a whole sync run, for the queue to retry it later (rate limits, outages, a
 * token to refresh), as opposed to errors of one node or one database, which the run records and
 * goes past.
 */
export const stopsSyncRun = (err: unknown): boolean =>
  !(err instanceof Error) ||
  err instanceof ProviderRetryableError ||
  err instanceof RateLimitWaitError ||
  err instanceof ProviderUnauthorizedError;
