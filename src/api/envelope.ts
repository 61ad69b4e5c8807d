import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ErrorCode, FerryError } from "../errors.ts";

/** `{ data }` on success, 200. */
export function ok<T>(c: Context, data: T) {
  return c.json({ data }, 200);
}

/** `{ data }` with 201, for something created. */
export function created<T>(c: Context, data: T) {
  return c.json({ data }, 201);
}

/** `{ error: { code, message, details?, request_id } }` for every failure. */
export function fail(c: Context, err: FerryError) {
  const status = err.httpStatus as ContentfulStatusCode;
  const requestId = (c.get("requestId") as string | undefined) ?? null;
  if (requestId) c.header("X-Request-Id", requestId);
  return c.json(
    { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), request_id: requestId } },
    status,
  );
}

/** What an HTTPException thrown by Hono or a middleware becomes. */
const FROM_STATUS: Record<number, [ErrorCode, string]> = {
  400: ["validation_failed", "bad request"],
  401: ["unauthorized", "unauthorized"],
  404: ["not_found", "not found"],
  405: ["method_not_allowed", "method not allowed"],
  413: ["payload_too_large", "request body too large"],
  415: ["unsupported_media_type", "send the body as application/json"],
};

/** Maps anything thrown in a route to the envelope; unexpected errors become a 500 without internals. */
export function toFerryError(err: unknown): FerryError {
  if (err instanceof FerryError) return err;
  if (err instanceof HTTPException) {
    const [code, message] = FROM_STATUS[err.status] ?? ["internal", "internal error"];
    return new FerryError(code, message);
  }
  return new FerryError("internal", "internal error");
}
