import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { FerryError } from "../errors.ts";

/** `{ data }` on success. */
export function ok<T>(c: Context, data: T, status: ContentfulStatusCode = 200) {
  return c.json({ data }, status);
}

/** `{ error: { code, message, details?, request_id } }` for every failure. */
export function fail(c: Context, err: FerryError) {
  const status = err.httpStatus as ContentfulStatusCode;
  const requestId = c.get("requestId") as string | undefined;
  return c.json(
    { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), request_id: requestId ?? null } },
    status,
  );
}

/** Maps anything thrown in a route to the envelope; unexpected errors become a 500 without internals. */
export function toFerryError(err: unknown): FerryError {
  if (err instanceof FerryError) return err;
  return new FerryError("internal", "internal error");
}
