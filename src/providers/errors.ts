import { type DeadLetterReason, FerryError, NonRetryableError } from "../errors.ts";
import { CallBudgetSpentError, ProviderRetryableError } from "../http-client/errors.ts";

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
 * The provider refused a request for good: 404 (`not_found`), a 403 that is not a rate limit
 * (`forbidden`), or another 4xx (`invalid_request`). The queue dead-letters a job that throws it;
 * an engine may treat some of them itself (a page gone from Notion, an event already deleted),
 * which is why the provider's status, code and message stay on it.
 */
export class ProviderRefusedError extends NonRetryableError {
  readonly provider: string;
  readonly status: number;
  readonly providerCode: string | null;

  constructor(
    provider: string,
    reason: Extract<DeadLetterReason, "not_found" | "forbidden" | "invalid_request">,
    opts: { status: number; providerCode?: string | null; message: string },
    options?: ErrorOptions,
  ) {
    super(reason, `${provider}: ${opts.status}${opts.providerCode ? ` ${opts.providerCode}` : ""}: ${opts.message}`, options);
    this.name = "ProviderRefusedError";
    this.provider = provider;
    this.status = opts.status;
    this.providerCode = opts.providerCode ?? null;
  }
}

/** The reason a refusal gets from its status. */
export const refusalReason = (status: number): "not_found" | "forbidden" | "invalid_request" =>
  status === 404 || status === 410 ? "not_found" : status === 403 ? "forbidden" : "invalid_request";

/** The provider's HTTP status behind a classified error, if it had one. */
export function providerStatus(err: unknown): number | null {
  if (err instanceof ProviderRefusedError) return err.status;
  if (err instanceof ProviderRetryableError) return err.status;
  if (err instanceof ProviderUnauthorizedError) return 401;
  return null;
}

/** Reasons that concern the whole connection, not one page or database: they stop a run too. */
const CONNECTION_WIDE: ReadonlySet<DeadLetterReason> = new Set(["auth_revoked", "no_connection", "connection_gone", "not_entitled"]);

/**
 * Errors that stop a whole sync run, for the queue to retry it later (rate limits, outages, a
 * token to refresh) or to give up on (a revoked grant), as opposed to errors of one node or one
 * database (a page gone, a refused request), which the run records and goes past. Anything that
 * is not an Error at all stops the run too.
 */
export const stopsSyncRun = (err: unknown): boolean =>
  !(err instanceof Error) ||
  err instanceof ProviderRetryableError ||
  err instanceof ProviderUnauthorizedError ||
  (err instanceof NonRetryableError && CONNECTION_WIDE.has(err.reason));

/**
 * The Ferry error inside what a client threw, if any: the fetch layer's own errors (a timeout,
 * a network failure, the limiter's wait past the deadline, a run's spent call budget) reach the
 * caller through the official clients, sometimes wrapped as the cause of the client's own error.
 */
export function ferryErrorIn(err: unknown): FerryError | CallBudgetSpentError | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    if (cur instanceof FerryError || cur instanceof CallBudgetSpentError) return cur;
    cur = cur.cause;
  }
  return undefined;
}

/**
 * How a sync keeps an error it went past or gave up on (a push node's, a pulled database's, a
 * calendar row's): the code (a NonRetryableError's reason, or Ferry's error code), the message,
 * and for provider errors what the provider said: the retryable kind, the HTTP status, the
 * retry hint. Messages never carry tokens (the clients' errors do not).
 */
export interface ErrorRecord {
  code: string;
  message: string;
  kind?: ProviderRetryableError["kind"];
  status?: number;
  retry_after_ms?: number;
}

export function errorRecord(e: unknown): ErrorRecord {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ProviderRefusedError) return { code: e.reason, message, status: e.status };
  if (e instanceof NonRetryableError) return { code: e.reason, message };
  if (e instanceof ProviderRetryableError)
    return {
      code: e.code,
      message,
      kind: e.kind,
      ...(e.status !== null ? { status: e.status } : {}),
      ...(e.retryAfterMs !== undefined ? { retry_after_ms: e.retryAfterMs } : {}),
    };
  if (e instanceof ProviderUnauthorizedError) return { code: e.code, message, status: 401 };
  if (e instanceof FerryError) return { code: e.code, message };
  return { code: "internal", message };
}
