import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { findBlock, jsonObject } from "./body.ts";
import type { NotionEnv } from "./env.ts";
import { NOT_FOUND_HINT, notionError, notionRequestId } from "./errors.ts";
import { normalizeId, notionTime } from "./ids.ts";
import type { SandboxComment } from "./model.ts";
import { listBody, paginate } from "./pagination.ts";
import type { NotionState } from "./state.ts";
import { richText, validated } from "./validate.ts";

function commentObject(x: SandboxComment) {
  const at = notionTime(x.createdTime);
  return {
    object: "comment",
    id: x.id,
    parent: x.parent,
    discussion_id: x.discussionId,
    created_time: at,
    last_edited_time: at,
    created_by: { object: "user", id: x.createdBy },
    rich_text: x.richText,
  };
}

/**
 * Comments: POST /v1/comments on a page (a new discussion) or into an existing discussion;
 * GET /v1/comments?block_id= lists a page's or block's comments, oldest first; GET /v1/comments/:id.
 */
export function commentsRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.post("/v1/comments", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const token = c.get("notionToken");
    const rich = validated(c, () => richText(body.rich_text, "body.rich_text"));
    if (rich instanceof Response) return rich;
    const parent = body.parent as { page_id?: unknown; block_id?: unknown } | undefined;
    let target: SandboxComment["parent"];
    let discussionId: string = randomUUID();
    if (typeof body.discussion_id === "string") {
      const existing = [...state.comments.values()].find(
        (x) => x.discussionId === body.discussion_id && x.workspaceId === token.workspaceId,
      );
      if (!existing)
        return notionError(c, "object_not_found", `Could not find discussion with ID: ${body.discussion_id}. ${NOT_FOUND_HINT}`);
      target = existing.parent;
      discussionId = existing.discussionId;
    } else if (typeof parent?.page_id === "string" || typeof parent?.block_id === "string") {
      const isPage = typeof parent.page_id === "string";
      const found = findBlock(
        c,
        state,
        String(isPage ? parent.page_id : parent.block_id),
        isPage ? "page" : "block",
        isPage ? "parent.page_id" : "parent.block_id",
      );
      if (found instanceof Response) return found;
      target = isPage ? { type: "page_id", page_id: found.id } : { type: "block_id", block_id: found.id };
    } else {
      return notionError(
        c,
        "validation_error",
        "body failed validation: body.parent.page_id or body.discussion_id should be defined, instead was `undefined`.",
      );
    }
    const comment: SandboxComment = {
      id: randomUUID(),
      workspaceId: token.workspaceId,
      parent: target,
      discussionId,
      richText: rich,
      createdTime: state.clock.now(),
      createdBy: token.botId,
    };
    state.comments.set(comment.id, comment);
    return c.json({ ...commentObject(comment), request_id: notionRequestId(c) });
  });

  app.get("/v1/comments", (c) => {
    const raw = c.req.query("block_id");
    if (!raw)
      return notionError(c, "validation_error", "query failed validation: query.block_id should be defined, instead was `undefined`.");
    const block = findBlock(c, state, raw, "block", "block_id");
    if (block instanceof Response) return block;
    const all = [...state.comments.values()].filter(
      (x) => (x.parent.type === "page_id" ? x.parent.page_id : x.parent.block_id) === block.id,
    );
    const page = paginate(c, all, "query", c.req.query("start_cursor"), c.req.query("page_size"));
    if (page instanceof Response) return page;
    return c.json(listBody({ ...page, results: page.results.map(commentObject) }, "comment", notionRequestId(c)));
  });

  app.get("/v1/comments/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const comment = id ? state.comments.get(id) : undefined;
    if (!comment || comment.workspaceId !== c.get("notionToken").workspaceId)
      return notionError(c, "object_not_found", `Could not find comment with ID: ${c.req.param("id")}. ${NOT_FOUND_HINT}`);
    return c.json({ ...commentObject(comment), request_id: notionRequestId(c) });
  });
}
