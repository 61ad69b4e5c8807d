import type { Hono } from "hono";
import type { SandboxEnv } from "../app.ts";
import type { SandboxBlock, SandboxState } from "../state.ts";
import { ARCHIVED_MESSAGE, editable, findBlock, jsonObject } from "./body.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { insertBlocks, newBlock, pageObject, titleText, trashed } from "./tree.ts";
import { BodyError, blockChildren, richText, validated } from "./validate.ts";

/** The title property of a page body, as `{ title: { id, type, title } }`; other properties are not supported yet. */
function titleProperty(properties: unknown): Record<string, unknown> {
  if (typeof properties !== "object" || properties === null)
    throw new BodyError("body failed validation: body.properties should be an object, instead was `undefined`.");
  const entries = Object.entries(properties as Record<string, { title?: unknown } | unknown[]>);
  const [name, value] = entries.find(([, v]) => Array.isArray(v) || (typeof v === "object" && v !== null && "title" in v)) ?? [];
  if (!name) throw new BodyError("body failed validation: body.properties.title should be defined, instead was `undefined`.");
  const rich = richText(Array.isArray(value) ? value : (value as { title: unknown }).title, `body.properties.${name}.title`);
  return { [name]: { id: "title", type: "title", title: rich } };
}

const titleOf = (props: Record<string, unknown>) =>
  titleText(Object.values(props).map((p) => (p as { title: Parameters<typeof titleText>[0] }).title)[0] ?? []);

/** POST /v1/pages, GET /v1/pages/:id, PATCH /v1/pages/:id (page and workspace parents). */
export function pagesRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/v1/pages", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const token = c.get("notionToken");
    const parent = body.parent as { page_id?: string; workspace?: boolean; database_id?: string; data_source_id?: string } | undefined;
    let parentRef: SandboxBlock["parent"];
    let parentBlock: SandboxBlock | undefined;
    if (parent?.workspace === true) {
      parentRef = { type: "workspace", workspace: true };
    } else if (typeof parent?.page_id === "string") {
      const found = findBlock(c, state, parent.page_id, "page", "parent.page_id");
      if (found instanceof Response) return found;
      if (trashed(state, found)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
      parentBlock = found;
      parentRef = { type: "page_id", page_id: found.id };
    } else if (parent?.database_id || parent?.data_source_id) {
      return notionError(c, "invalid_request", "The sandbox does not support database or data source parents yet.");
    } else {
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.parent should be an object with page_id or workspace, instead was \`${JSON.stringify(parent)}\`.`,
      );
    }
    const input = validated(c, () => ({
      properties: titleProperty(body.properties),
      children: body.children === undefined ? [] : blockChildren(body.children, "body.children", 1, { n: 0 }),
    }));
    if (input instanceof Response) return input;
    const page = newBlock(state, token, {
      parent: parentRef,
      type: "child_page",
      data: { title: titleOf(input.properties) },
      properties: input.properties,
      icon: body.icon ?? null,
      cover: body.cover ?? null,
    });
    if (parentBlock) {
      parentBlock.children.push(page.id);
      parentBlock.lastEditedTime = page.createdTime;
    }
    insertBlocks(state, token, page.id, input.children);
    return c.json({ ...pageObject(page), request_id: notionRequestId(c) });
  });

  app.get("/v1/pages/:id", (c) => {
    const page = findBlock(c, state, c.req.param("id"), "page", "page_id");
    if (page instanceof Response) return page;
    return c.json({ ...pageObject(page), request_id: notionRequestId(c) });
  });

  app.patch("/v1/pages/:id", async (c) => {
    const edit = await editable(c, state, "page");
    if (edit instanceof Response) return edit;
    const { target: page, body, trash } = edit;
    const properties = body.properties === undefined ? undefined : validated(c, () => titleProperty(body.properties));
    if (properties instanceof Response) return properties;
    if (properties) {
      page.properties = properties;
      page.data.title = titleOf(properties);
    }
    if (body.icon !== undefined) page.icon = body.icon;
    if (body.cover !== undefined) page.cover = body.cover;
    if (typeof trash === "boolean") page.inTrash = trash;
    page.lastEditedTime = state.clock.now();
    page.lastEditedBy = c.get("notionToken").botId;
    return c.json({ ...pageObject(page), request_id: notionRequestId(c) });
  });
}
