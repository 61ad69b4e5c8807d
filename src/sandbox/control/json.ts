import type { Context } from "hono";
import type { ZodError } from "zod";

/** Reads an optional JSON body; a malformed one is a 400 naming the problem. */
export async function jsonBody(c: Context): Promise<unknown | Response> {
  const text = (await c.req.text()).trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return c.json({ error: { code: "invalid_json", message: "request body is not valid JSON" } }, 400);
  }
}

/** A control-API validation error naming the first bad field. */
export function badRequest(c: Context, error: ZodError) {
  const issue = error.issues[0];
  return c.json({ error: { code: "validation_error", message: `${issue?.path.join(".") || "body"}: ${issue?.message}` } }, 400);
}
