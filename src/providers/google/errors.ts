import { NonRetryableError } from "../../errors.ts";
import { ProviderRetryableError, RateLimitWaitError } from "../../http-client/errors.ts";
import { retryAfterMs } from "../../http-client/policy.ts";
import { ProviderUnauthorizedError } from "../errors.ts";
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

/**
 * What a failed Google Calendar call means for the queue: 401 → refresh; 429 and the 403 rate
 * limits → retry later; 5xx and network errors → retry; 404 → gone; other 4xx → refused. The
 * status and reason stay on the error (`details`) for callers that treat 409/410/412 themselves.
 */
export function classifyGoogleError(err: unknown): Error {
  if (err instanceof RateLimitWaitError || err instanceof ProviderRetryableError) return err;
  const e = err as GaxiosLike;
  const status = e?.response?.status ?? e?.status;
  const reason = googleReason(e?.response?.data);
  const hint = retryAfterMs(header(e?.response?.headers, "retry-after"));
  if (status === 401) return new ProviderUnauthorizedError("google", { cause: err });
  if (status === 429 || (status === 403 && RATE_LIMIT_REASONS.has(reason ?? "")) || (status !== undefined && status >= 500))
    return new ProviderRetryableError(
      "google",
      e.message ?? `HTTP ${status}`,
      { status, retryAfterMs: hint, providerCode: reason },
      { cause: err },
    );
  if (status === 404) return new NonRetryableError("not_found", `google: ${reason ?? "notFound"}`, { cause: err });
  if (status !== undefined && status >= 400)
    return new NonRetryableError(
      status === 403 ? "forbidden" : "invalid_request",
      `google: ${status} ${reason ?? ""}: ${e.message ?? ""}`.trim(),
      { cause: err },
    );
  if (e?.code === "ETIMEDOUT" || e?.code === "ECONNRESET" || e?.code === "ECONNREFUSED" || err instanceof TypeError)
    return new ProviderRetryableError("google", `network error: ${e?.message ?? e?.code}`, {}, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
