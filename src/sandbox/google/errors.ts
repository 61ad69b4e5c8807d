import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The gRPC-style status Google puts beside the HTTP code. */
const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  410: "FAILED_PRECONDITION",
  412: "FAILED_PRECONDITION",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const USAGE_LIMITS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded"]);

export interface GoogleErrorDetail {
  reason: string;
  message: string;
  location?: string;
  locationType?: "parameter" | "header";
  domain?: string;
}

/** The body Google's JSON APIs answer errors with. */
export function googleErrorBody(status: number, d: GoogleErrorDetail) {
  const detail = {
    domain: d.domain ?? (USAGE_LIMITS.has(d.reason) ? "usageLimits" : "global"),
    reason: d.reason,
    message: d.message,
    ...(d.locationType ? { locationType: d.locationType } : {}),
    ...(d.location ? { location: d.location } : {}),
  };
  return { error: { code: status, message: d.message, errors: [detail], status: STATUS[status] ?? "UNKNOWN" } };
}

/** `{ error: { code, message, errors: [{ domain, reason, message, ... }], status } }` with its HTTP status. */
export function googleError(c: Context, status: number, d: GoogleErrorDetail) {
  if (status === 401) c.header("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
  return c.json(googleErrorBody(status, d), status as ContentfulStatusCode);
}

/** The errors handlers answer most often, with Google's wording. */
export const gerr = {
  notFound: (c: Context) => googleError(c, 404, { reason: "notFound", message: "Not Found" }),
  invalid: (c: Context, message: string, location?: string) =>
    googleError(c, 400, { reason: "invalid", message, ...(location ? { location, locationType: "parameter" as const } : {}) }),
  required: (c: Context, message: string, location?: string) =>
    googleError(c, 400, { reason: "required", message, ...(location ? { location, locationType: "parameter" as const } : {}) }),
  timeRangeEmpty: (c: Context, location: string) =>
    googleError(c, 400, { reason: "timeRangeEmpty", message: "The specified time range is empty.", location, locationType: "parameter" }),
  fullSyncRequired: (c: Context) =>
    googleError(c, 410, { reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required." }),
};

/** OAuth's own error shape (RFC 6749 §5.2), which Google's token, revoke and tokeninfo endpoints use. */
export function oauthError(c: Context, error: string, description: string, status: 400 | 401 = error === "invalid_client" ? 401 : 400) {
  return c.json({ error, error_description: description }, status);
}

/** The control API's own error shape, for the Google control routes. */
export const controlError = (c: Context, status: 400 | 404, code: string, message: string) => c.json({ error: { code, message } }, status);
