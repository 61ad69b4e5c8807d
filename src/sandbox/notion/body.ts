import type { Context } from "hono";
import type { NotionEnv } from "./env.ts";
import { NOT_FOUND_HINT, notionError } from "./errors.ts";
import { normalizeId } from "./ids.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { trashed } from "./tree.ts";

const MAX_BODY = 500 * 1024;

/** Parses a JSON object body; answers like Notion for oversized or malformed ones. */
export async function jsonObject(c: Context<NotionEnv>): Promise<Record<string, unknown> | Response> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY)
    return notionError(c, "validation_error", "body failed validation: the request body is larger than 500 KB.");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return notionError(c, "invalid_json", "Error parsing JSON body.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return notionError(c, "validation_error", "body failed validation: body should be an object.");
  return value as Record<string, unknown>;
}

/** The block (or page) with this path id in the caller's workspace, or Notion's 400/404. */
export function findBlock(
  c: Context<NotionEnv>,
  state: NotionState,
  raw: string,
  what: "block" | "page",
  param: string,
): SandboxBlock | Response {
  const id = normalizeId(raw);
  if (!id)
    return notionError(c, "validation_error", `path failed validation: path.${param} should be a valid uuid, instead was \`"${raw}"\`.`);
  const b = state.blocks.get(id);
  const token = c.get("notionToken");
  if (!b || b.workspaceId !== token.workspaceId || (what === "page" && b.type !== "child_page")) {
    return notionError(c, "object_not_found", `Could not find ${what} with ID: ${id}. ${NOT_FOUND_HINT}`);
  }
  return b;
}

export const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";

/**
 * The preamble of every PATCH on a page or block: find it, parse the body and its
 * `in_trash`/`archived` flag, and refuse edits to something in the trash unless the request
 * restores it, as Notion does.
 */
export async function editable(
  c: Context<NotionEnv>,
  state: NotionState,
  what: "block" | "page",
): Promise<{ target: SandboxBlock; body: Record<string, unknown>; trash: boolean | undefined } | Response> {
  const target = findBlock(c, state, c.req.param("id") ?? "", what, `${what}_id`);
  if (target instanceof Response) return target;
  const body = await jsonObject(c);
  if (body instanceof Response) return body;
  const trash = body.in_trash ?? body.archived;
  if (trash !== undefined && typeof trash !== "boolean") {
    return notionError(
      c,
      "validation_error",
      `body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`,
    );
  }
  if (trashed(state, target) && trash !== false) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
  return { target, body, trash };
}
