import { APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from "@notionhq/client";
import { NonRetryableError } from "../../errors.ts";
import { ProviderRetryableError } from "../../http-client/errors.ts";
import { retryAfterMs } from "../../http-client/policy.ts";
import { ferryErrorIn, ProviderRefusedError, ProviderUnauthorizedError, refusalReason } from "../errors.ts";

/** A Notion answer by status (developers.notion.com "Status codes"), as Ferry's error. */
function fromStatus(status: number, code: string | null, message: string, headers: unknown, cause: unknown): Error {
  const hint = retryAfterMs(headers instanceof Headers ? headers.get("retry-after") : null);
  const opts = { status, retryAfterMs: hint, providerCode: code };
  if (status === 401) return new ProviderUnauthorizedError("notion", { cause });
  if (status === 429 || status === 529) return new ProviderRetryableError("notion", "rate_limited", message, opts, { cause });
  if (status === 409) return new ProviderRetryableError("notion", "conflict", message, opts, { cause });
  if (status >= 500) return new ProviderRetryableError("notion", "unavailable", message, opts, { cause });
  return new ProviderRefusedError("notion", refusalReason(status), { status, providerCode: code, message }, { cause });
}

/**
 * What a failed Notion call means, as Ferry's error: retry later (429, Notion's 529
 * `service_overload`, 409, 5xx, timeouts, with the provider's hint), renew the token (401), or
 * give up (404 `not_found`, 403 `forbidden`, other 4xx `invalid_request`). The fetch layer's own
 * errors pass through unchanged. `NotionApi` applies it to every request.
 */
export function classifyNotionError(err: unknown): Error {
  const own = ferryErrorIn(err);
  if (own) return own;
  if (err instanceof APIResponseError) return fromStatus(err.status, err.code, err.message, err.headers, err);
  if (err instanceof UnknownHTTPResponseError) return fromStatus(err.status, null, `HTTP ${err.status}`, err.headers, err);
  if (err instanceof RequestTimeoutError) return new ProviderRetryableError("notion", "timeout", "request timed out", {}, { cause: err });
  // A 2xx whose body is not JSON: the answer was cut or mangled on the way.
  if (err instanceof SyntaxError)
    return new ProviderRetryableError("notion", "unavailable", `malformed answer: ${err.message}`, {}, { cause: err });
  if (isNotionClientError(err)) return new NonRetryableError("invalid_request", `notion: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
