import type { Hono } from "hono";
import { ARCHIVED_MESSAGE, editable, findBlock, jsonObject } from "./body.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { normalizeId } from "./ids.ts";
import { listBody, paginate } from "./pagination.ts";
import type { NotionState } from "./state.ts";
import { blockObject, insertBlocks, trashed, visibleChildren } from "./tree.ts";
import { blockChildren, validated } from "./validate.ts";

/** Where appended children go: `position` (2026-03-11), or the deprecated `after`. */
function insertIndex(body: Record<string, unknown>, children: string[]): number | undefined | string {
  const pos = body.position as { type?: string; after_block?: { id?: string } } | undefined;
  const afterId = pos?.type === "after_block" ? pos.after_block?.id : typeof body.after === "string" ? body.after : undefined;
  if (pos?.type === "start") return 0;
  if (pos === undefined && afterId === undefined) return undefined;
  if (pos?.type === "end") return undefined;
  const id = afterId ? normalizeId(afterId) : null;
  const at = id ? children.indexOf(id) : -1;
  if (at < 0) return `body failed validation: the block to insert after (\`${afterId}\`) is not a child of this block.`;
  return at + 1;
}

/** Blocks: retrieve, children (list, append with Notion's limits), update, delete (trash). */
export function blocksRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.get("/v1/blocks/:id", (c) => {
    const b = findBlock(c, state, c.req.param("id"), "block", "block_id");
    if (b instanceof Response) return b;
    return c.json({ ...blockObject(state, b, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.get("/v1/blocks/:id/children", (c) => {
    const b = findBlock(c, state, c.req.param("id"), "block", "block_id");
    if (b instanceof Response) return b;
    const page = paginate(c, visibleChildren(state, b), "query", c.req.query("start_cursor"), c.req.query("page_size"));
    if (page instanceof Response) return page;
    return c.json(
      listBody({ ...page, results: page.results.map((x) => blockObject(state, x, c.get("notionVersion"))) }, "block", notionRequestId(c)),
    );
  });

  app.patch("/v1/blocks/:id/children", async (c) => {
    const b = findBlock(c, state, c.req.param("id"), "block", "block_id");
    if (b instanceof Response) return b;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    if (trashed(state, b)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    const parsed = validated(c, () => blockChildren(body.children, "body.children", 1, { n: 0 }));
    if (parsed instanceof Response) return parsed;
    const index = insertIndex(body, b.children);
    if (typeof index === "string") return notionError(c, "validation_error", index);
    const made = insertBlocks(state, c.get("notionToken"), b.id, parsed, index);
    return c.json(
      listBody(
        { results: made.map((x) => blockObject(state, x, c.get("notionVersion"))), next_cursor: null, has_more: false },
        "block",
        notionRequestId(c),
      ),
    );
  });

  app.patch("/v1/blocks/:id", async (c) => {
    const edit = await editable(c, state, "block");
    if (edit instanceof Response) return edit;
    const { target: b, body, trash } = edit;
    if (body[b.type] !== undefined) {
      const parsed = validated(c, () => blockChildren([{ type: b.type, [b.type]: body[b.type] }], "body", 0, { n: 0 }));
      if (parsed instanceof Response) return parsed;
      if (parsed[0]) b.data = parsed[0].data;
    }
    if (typeof trash === "boolean") b.inTrash = trash;
    b.lastEditedTime = state.clock.now();
    b.lastEditedBy = c.get("notionToken").botId;
    return c.json({ ...blockObject(state, b, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.delete("/v1/blocks/:id", (c) => {
    const b = findBlock(c, state, c.req.param("id"), "block", "block_id");
    if (b instanceof Response) return b;
    if (trashed(state, b)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    b.inTrash = true;
    b.lastEditedTime = state.clock.now();
    return c.json({ ...blockObject(state, b, c.get("notionVersion")), request_id: notionRequestId(c) });
  });
}
