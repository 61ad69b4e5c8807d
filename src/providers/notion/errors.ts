import { APIErrorCode, APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from "@notionhq/client";
import { NonRetryableError } from "../../errors.ts";
import { ProviderRetryableError } from "../../http-client/errors.ts";
import { retryAfterMs } from "../../http-client/policy.ts";
import { ProviderUnauthorizedError } from "../errors.ts";

/**
 * What a failed Notion call means for the queue: retry later (with the provider's hint),
 * refresh the token (401), or give up at once (404, a refused request).
 */
export function classifyNotionError(err: unknown): Error {
  if (err instanceof APIResponseError) {
    const hint = retryAfterMs(err.headers instanceof Headers ? err.headers.get("retry-after") : null);
    if (err.status === 401) return new ProviderUnauthorizedError("notion", { cause: err });
    if (err.status === 404 || err.code === APIErrorCode.ObjectNotFound)
      return new NonRetryableError("not_found", `notion: ${err.message}`, { cause: err });
    if (err.status === 409 || err.status === 429 || err.status >= 500)
      return new ProviderRetryableError(
        "notion",
        err.message,
        { status: err.status, retryAfterMs: hint, providerCode: err.code },
        { cause: err },
      );
    return new NonRetryableError(err.status === 403 ? "forbidden" : "invalid_request", `notion: ${err.code}: ${err.message}`, {
      cause: err,
    });
  }
  if (err instanceof UnknownHTTPResponseError && err.status >= 500)
    return new ProviderRetryableError("notion", `HTTP ${err.status}`, { status: err.status }, { cause: err });
  if (err instanceof RequestTimeoutError) return new ProviderRetryableError("notion", "request timed out", {}, { cause: err });
  if (isNotionClientError(err)) return new NonRetryableError("invalid_request", `notion: ${err.message}`, { cause: err });
  if (err instanceof TypeError || (err as { name?: string })?.name === "AbortError" || (err as { name?: string })?.name === "TimeoutError")
    return new ProviderRetryableError("notion", `network error: ${(err as Error).message}`, {}, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
