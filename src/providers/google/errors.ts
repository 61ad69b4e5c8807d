import { NonRetryableError } from "../../errors.ts";
import { ProviderRetryableError } from "../../http-client/errors.ts";
import { retryAfterMs } from "../../http-client/policy.ts";
import { ferryErrorIn, ProviderRefusedError, ProviderUnauthorizedError, refusalReason } from "../errors.ts";
import { googleReason, RATE_LIMIT_REASONS } from "./http.ts";

interface GaxiosLike {
  status?: number;
  response?: { status?: number; data?: unknown; headers?: Headers | Record<string, string> };
  code?: string;
  message?: string;
}

/** A header from gaxios's response (a Headers object in gaxios 7, a plain object before). */
function header(h: Headers | Record<string, string> | undefined, name: string): string | null {
  if (!h) return null;
  if (h instanceof Headers) return h.get(name);
  return (h as Record<string, string>)[name] ?? null;
}

const NETWORK_CODES = new Set(["ETIMEDOUT", "ECONNRESET", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * What a failed Google Calendar call means, as Ferry's error: 401 → renew the token; 429 and the
 * 403 rate limits (`rateLimitExceeded`, `userRateLimitExceeded`, `quotaExceeded`) → retry later
 * (kind `rate_limited`); 409 → `conflict`; 5xx → `unavailable`; network errors → `network`;
 * 404 and 410 → `not_found`; other 403s → `forbidden`; other 4xx → `invalid_request`. The
 * status and Google's reason stay on the error for callers that treat 404/409/410 themselves.
 * The fetch layer's own errors pass through unchanged. The Calendar client applies it to every request.
 */
export function classifyGoogleError(err: unknown): Error {
  const own = ferryErrorIn(err);
  if (own) return own;
  const e = err as GaxiosLike;
  const status = e?.response?.status ?? e?.status;
  const reason = googleReason(e?.response?.data);
  const message = e?.message ?? `HTTP ${status}`;
  const opts = { status, retryAfterMs: retryAfterMs(header(e?.response?.headers, "retry-after")), providerCode: reason };
  if (status === 401) return new ProviderUnauthorizedError("google", { cause: err });
  if (status === 429 || (status === 403 && RATE_LIMIT_REASONS.has(reason ?? "")))
    return new ProviderRetryableError("google", "rate_limited", message, opts, { cause: err });
  if (status === 409 && reason !== "duplicate") return new ProviderRetryableError("google", "conflict", message, opts, { cause: err });
  if (status !== undefined && status >= 500) return new ProviderRetryableError("google", "unavailable", message, opts, { cause: err });
  if (status !== undefined && status >= 400)
    return new ProviderRefusedError("google", refusalReason(status), { status, providerCode: reason, message }, { cause: err });
  if (NETWORK_CODES.has(e?.code ?? "") || err instanceof TypeError)
    return new ProviderRetryableError("google", "network", `network error: ${e?.message ?? e?.code}`, {}, { cause: err });
  if (err instanceof SyntaxError)
    return new ProviderRetryableError("google", "unavailable", `malformed answer: ${err.message}`, {}, { cause: err });
  return err instanceof Error ? err : new NonRetryableError("invalid_request", `google: ${String(err)}`);
}
