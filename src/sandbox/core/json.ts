import type { Context } from "hono";
import type { ZodError, ZodType } from "zod";

/** Reads an optional JSON body; a malformed one is a 400 naming the problem. */
async function jsonBody(c: Context): Promise<unknown | Response> {
  const text = (await c.req.text()).trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return c.json({ error: { code: "invalid_json", message: "request body is not valid JSON" } }, 400);
  }
}

/** A control-API validation error naming the first bad field. */
function badRequest(c: Context, error: ZodError) {
  const issue = error.issues[0];
  return c.json({ error: { code: "validation_error", message: `${issue?.path.join(".") || "body"}: ${issue?.message}` } }, 400);
}

/** The request's JSON body validated by `schema`, or the 400 that says what is wrong with it. */
export async function parsedBody<T>(c: Context, schema: ZodType<T>): Promise<T | Response> {
  const raw = await jsonBody(c);
  if (raw instanceof Response) return raw;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : badRequest(c, parsed.error);
}
