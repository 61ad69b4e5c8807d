import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Notion's error codes (developers.notion.com "Status codes"). */
export type NotionErrorCode =
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "validation_error"
  | "missing_version"
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "conflict_error"
  | "rate_limited"
  | "internal_server_error"
  | "service_unavailable";

const STATUS: Record<NotionErrorCode, ContentfulStatusCode> = {
  invalid_json: 400,
  invalid_request_url: 400,
  invalid_request: 400,
  validation_error: 400,
  missing_version: 400,
  unauthorized: 401,
  restricted_resource: 403,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  service_unavailable: 503,
};

/** Every Notion response carries a request id; errors repeat it in the body. */
export function notionRequestId(c: Context): string {
  let id = c.res.headers.get("x-notion-request-id");
  if (!id) {
    id = randomUUID();
    c.header("x-notion-request-id", id);
  }
  return id;
}

/** `{ object: "error", status, code, message, request_id }`, as Notion answers. */
export function notionError(c: Context, code: NotionErrorCode, message: string) {
  const status = STATUS[code];
  return c.json({ object: "error", status, code, message, request_id: notionRequestId(c) }, status);
}

export const NOT_FOUND_HINT = "Make sure the relevant pages and databases are shared with your integration.";
