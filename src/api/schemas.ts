import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** The one error shape, for every status. A component of the OpenAPI document (`Error`). */
export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(CODES).openapi({ description: "one of the codes in docs/api.md" }),
      message: z.string(),
      details: z
        .object({ issues: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
        .catchall(z.unknown())
        .optional()
        .openapi({ description: "for validation errors, `issues` names each offending field" }),
      request_id: z.string().nullable().openapi({ description: "the request's id, also in the X-Request-Id header and the logs" }),
    }),
  })
  .openapi("Error");

/** `{ data: schema }`, the success envelope. */
export function dataEnvelope<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema });
}

/** A JSON response in the success envelope. */
export function dataResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema: dataEnvelope(schema) } } };
}

/** A JSON response in the error envelope. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorEnvelope } } };
}
