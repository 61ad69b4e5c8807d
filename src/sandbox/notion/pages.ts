import type { Context, Hono } from "hono";
import { editable, findBlock, jsonObject } from "./body.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { normalizeId } from "./ids.ts";
import { mentionNames } from "./mentions.ts";
import { type PageParent, propertyValues, resolveParent, titleOf } from "./page-input.ts";
import { PAGE_SCHEMA, schemaOf } from "./properties.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { insertBlocks, newBlock, pageObject } from "./tree.ts";
import { BodyError, blockChildren, validated } from "./validate.ts";

/** Index in the parent page's children for `position` (after_block, page_start, page_end), or an error message. */
function pageIndex(position: unknown, parent: SandboxBlock | undefined): number | undefined | string {
  if (position === undefined) return undefined;
  const pos = position as { type?: unknown; after_block?: { id?: unknown } };
  if (!parent) return "body failed validation: body.position is only allowed for pages created under a page.";
  if (pos?.type === "page_start") return 0;
  if (pos?.type === "page_end") return undefined;
  if (pos?.type === "after_block" && typeof pos.after_block?.id === "string") {
    const at = parent.children.indexOf(normalizeId(pos.after_block.id) ?? "");
    return at < 0 ? `body failed validation: the block to insert after (\`${pos.after_block.id}\`) is not a child of this page.` : at + 1;
  }
  return `body failed validation: body.position.type should be \`"after_block"\`, \`"page_start"\` or \`"page_end"\`, instead was \`${JSON.stringify(pos?.type)}\`.`;
}

/** Stores a validated new page under its parent: a page (at `index`), the workspace, or a data source. */
function storePage(
  c: Context<NotionEnv>,
  state: NotionState,
  parent: PageParent,
  body: Record<string, unknown>,
  values: Record<string, unknown>,
  index?: number,
) {
  const token = c.get("notionToken");
  const page = newBlock(state, token, {
    parent: parent.ref,
    type: "child_page",
    data: { title: titleOf(values) },
    values,
    icon: body.icon ?? null,
    cover: body.cover ?? null,
  });
  if (parent.page) {
    parent.page.children.splice(index ?? parent.page.children.length, 0, page.id);
    parent.page.lastEditedTime = page.createdTime;
  }
  if (parent.source) {
    parent.source.rows.push(page.id);
    for (const prop of parent.source.properties) {
      if (prop.type === "unique_id") values[prop.id] = parent.source.nextUniqueId;
    }
    parent.source.nextUniqueId++;
  }
  return page;
}

/** POST /v1/pages, GET /v1/pages/:id, PATCH /v1/pages/:id. */
export function pagesRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.post("/v1/pages", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const parent = resolveParent(c, state, body.parent);
    if (parent instanceof Response) return parent;
    const index = pageIndex(body.position, parent.page);
    if (typeof index === "string") return notionError(c, "validation_error", index);
    const schema = parent.source?.properties ?? PAGE_SCHEMA;
    const input = validated(c, () => {
      const names = mentionNames(state, c.get("notionToken").workspaceId);
      const values = propertyValues(schema, body.properties ?? {}, "body.properties", names);
      if (!values.title && !parent.source)
        throw new BodyError("body failed validation: body.properties.title should be defined, instead was `undefined`.");
      return { values, children: body.children === undefined ? [] : blockChildren(body.children, "body.children", 1, { n: 0 }) };
    });
    if (input instanceof Response) return input;
    const page = storePage(c, state, parent, body, input.values, index);
    insertBlocks(state, c.get("notionToken"), page.id, input.children);
    return c.json({ ...pageObject(state, page, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.get("/v1/pages/:id", (c) => {
    const page = findBlock(c, state, c.req.param("id"), "page", "page_id");
    if (page instanceof Response) return page;
    const only = c.req.queries("filter_properties");
    return c.json({ ...pageObject(state, page, c.get("notionVersion"), only ? new Set(only) : undefined), request_id: notionRequestId(c) });
  });

  app.patch("/v1/pages/:id", async (c) => {
    const edit = await editable(c, state, "page");
    if (edit instanceof Response) return edit;
    const { target: page, body, trash } = edit;
    if (body.is_locked !== undefined && typeof body.is_locked !== "boolean")
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.is_locked should be a boolean, instead was \`${JSON.stringify(body.is_locked)}\`.`,
      );
    const values =
      body.properties === undefined
        ? undefined
        : validated(c, () =>
            propertyValues(schemaOf(state, page), body.properties, "body.properties", mentionNames(state, page.workspaceId)),
          );
    if (values instanceof Response) return values;
    if (values) {
      page.values = { ...page.values, ...values };
      page.data.title = titleOf(page.values);
    }
    if (body.icon !== undefined) page.icon = body.icon;
    if (body.cover !== undefined) page.cover = body.cover;
    if (typeof body.is_locked === "boolean") page.data.is_locked = body.is_locked;
    if (typeof trash === "boolean") page.inTrash = trash;
    page.lastEditedTime = state.clock.now();
    page.lastEditedBy = c.get("notionToken").botId;
    return c.json({ ...pageObject(state, page, c.get("notionVersion")), request_id: notionRequestId(c) });
  });
}
