import type { Hono } from "hono";
import type { SandboxEnv } from "../app.ts";
import type { SandboxBlock, SandboxState } from "../state.ts";
import { ARCHIVED_MESSAGE, findBlock, jsonObject } from "./body.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { lineage, pageObject, trashed } from "./tree.ts";

/** True when `candidate` is `page` itself or lies somewhere below it. */
function isWithin(state: SandboxState, candidate: SandboxBlock, page: SandboxBlock): boolean {
  for (const x of lineage(state, candidate)) if (x.id === page.id) return true;
  return false;
}

/** POST /v1/pages/:id/move: re-parent a page under another page (data sources not yet). */
export function moveRoute(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/v1/pages/:id/move", async (c) => {
    const page = findBlock(c, state, c.req.param("id"), "page", "page_id");
    if (page instanceof Response) return page;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const parent = body.parent as { page_id?: unknown; data_source_id?: unknown } | undefined;
    if (parent?.data_source_id !== undefined)
      return notionError(c, "invalid_request", "The sandbox does not support moving pages into data sources yet.");
    if (typeof parent?.page_id !== "string") {
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.parent.page_id should be defined, instead was \`${JSON.stringify(parent?.page_id)}\`.`,
      );
    }
    const target = findBlock(c, state, parent.page_id, "page", "parent.page_id");
    if (target instanceof Response) return target;
    if (trashed(state, page) || trashed(state, target)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    if (isWithin(state, target, page))
      return notionError(c, "validation_error", "A page cannot be moved into itself or one of its own pages.");
    const now = state.clock.now();
    if (page.parent.type === "page_id") {
      const old = state.blocks.get(page.parent.page_id);
      if (old) {
        old.children = old.children.filter((id) => id !== page.id);
        old.lastEditedTime = now;
      }
    }
    target.children.push(page.id);
    target.lastEditedTime = now;
    page.parent = { type: "page_id", page_id: target.id };
    page.lastEditedTime = now;
    return c.json({ ...pageObject(page), request_id: notionRequestId(c) });
  });
}
