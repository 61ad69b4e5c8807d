import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../secrets.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import type { NotionState } from "./state.ts";

/** API versions the sandbox answers; anything else is a validation error, as on Notion. */
export const NOTION_VERSIONS = ["2022-06-28", "2025-09-03", "2026-03-11"] as const;
export type NotionVersion = (typeof NOTION_VERSIONS)[number];

/**
 * Bearer token and Notion-Version on every /v1 call except OAuth. Sets the caller's token and
 * version on the context for the handlers.
 */
export function notionAuth(state: NotionState): MiddlewareHandler<NotionEnv> {
  return async (c, next) => {
    notionRequestId(c);
    const header = c.req.header("authorization");
    const bearer = bearerToken(header);
    const token = bearer ? state.tokens.get(bearer) : undefined;
    if (!token || token.revoked || token.provider !== "notion") {
      return notionError(c, "unauthorized", "API token is invalid.");
    }
    const version = c.req.header("notion-version");
    if (!version) {
      return notionError(
        c,
        "missing_version",
        "Notion-Version header failed validation: Notion-Version should be defined, instead was `undefined`.",
      );
    }
    if (!(NOTION_VERSIONS as readonly string[]).includes(version)) {
      return notionError(
        c,
        "validation_error",
        `Notion-Version header failed validation: Notion-Version should be one of ${NOTION_VERSIONS.map((v) => `\`"${v}"\``).join(", ")}, instead was \`"${version}"\`.`,
      );
    }
    c.set("notionToken", token);
    c.set("notionVersion", version as NotionVersion);
    await next();
  };
}
