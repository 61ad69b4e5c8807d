import type { Hook } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { describeIssues, fieldIssues, ValidationError } from "../errors.ts";
import { fail } from "./envelope.ts";
import type { AppEnv } from "./types.ts";

/** How each validation target is named in error messages: `body.limit`, `query.page_size`, `params.userId`. */
const TARGET_NAMES: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "params",
  header: "headers",
  cookie: "cookies",
};

/** The app's default hook: a failed zod check becomes a 400 `validation_failed` naming every field. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return;
  const issues = fieldIssues(result.error.issues, TARGET_NAMES[result.target] ?? result.target);
  throw new ValidationError(`invalid request: ${describeIssues(issues)}`, issues);
};

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export function isJsonRequest(contentType: string | undefined): boolean {
  return JSON_MEDIA_TYPE.test((contentType ?? "").split(";")[0]?.trim() ?? "");
}

/**
 * Runs before a JSON route's validators. Malformed JSON becomes a 400 `invalid_json` naming
 * `body`. An empty body is read as `{}` when the body is optional, so its defaults apply.
 * Other content types pass through, to be refused with 415 by the route's media-type check.
 */
export function jsonBodyGuard(bodyRequired: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isJsonRequest(c.req.header("content-type"))) return next();
    const text = await c.req.text();
    if (text.trim() === "" && !bodyRequired) {
      // Hono reads JSON through its cached text; `{}` stands in for the empty body.
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve("{}");
      return next();
    }
    try {
      JSON.parse(text);
    } catch {
      return fail(c, new ValidationError("request body is not valid JSON", [{ field: "body", message: "malformed JSON" }], "invalid_json"));
    }
    return next();
  };
}
