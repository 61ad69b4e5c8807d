import type { Hono } from "hono";
import { ARCHIVED_MESSAGE, findBlock, jsonObject } from "./body.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { resolveParent } from "./page-input.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { lineage, pageObject, trashed } from "./tree.ts";

/** True when `candidate` is `page` itself or lies somewhere below it. */
function isWithin(state: NotionState, candidate: SandboxBlock, page: SandboxBlock): boolean {
  for (const x of lineage(state, candidate)) if (x.id === page.id) return true;
  return false;
}

/** Takes the page out of its current parent's children (or its data source's rows). */
function detach(state: NotionState, page: SandboxBlock, now: Date): void {
  const p = page.parent;
  if (p.type === "page_id" || p.type === "block_id") {
    const old = state.blocks.get(p.type === "page_id" ? p.page_id : p.block_id);
    if (old) {
      old.children = old.children.filter((id) => id !== page.id);
      old.lastEditedTime = now;
    }
  } else if (p.type === "data_source_id") {
    const ds = state.dataSources.get(p.data_source_id);
    if (ds) ds.rows = ds.rows.filter((id) => id !== page.id);
  }
}

/**
 * POST /v1/pages/:id/move: re-parent a page under another page or into a data source. A page
 * that changes schema keeps only its title, as the other properties have nowhere to go.
 */
export function moveRoute(app: Hono<NotionEnv>, state: NotionState): void {
  app.post("/v1/pages/:id/move", async (c) => {
    const page = findBlock(c, state, c.req.param("id"), "page", "page_id");
    if (page instanceof Response) return page;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const raw = body.parent as Record<string, unknown> | undefined;
    if (raw?.page_id === undefined && raw?.data_source_id === undefined) {
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.parent should be an object with page_id or data_source_id, instead was \`${JSON.stringify(raw)}\`.`,
      );
    }
    const target = resolveParent(c, state, raw);
    if (target instanceof Response) return target;
    if (trashed(state, page)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    if (target.page && isWithin(state, target.page, page))
      return notionError(c, "validation_error", "A page cannot be moved into itself or one of its own pages.");
    const now = state.clock.now();
    const sameSchema = page.parent.type === "data_source_id" && target.source?.id === page.parent.data_source_id;
    detach(state, page, now);
    if (target.page) {
      target.page.children.push(page.id);
      target.page.lastEditedTime = now;
    }
    if (target.source) target.source.rows.push(page.id);
    if (!sameSchema) page.values = { title: page.values?.title ?? [] };
    page.parent = target.ref;
    page.lastEditedTime = now;
    return c.json({ ...pageObject(state, page, c.get("notionVersion")), request_id: notionRequestId(c) });
  });
}
