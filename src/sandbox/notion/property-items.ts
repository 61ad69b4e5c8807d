import type { Hono } from "hono";
import { findBlock } from "./body.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { paginate } from "./pagination.ts";
import { fullValue, schemaOf } from "./properties.ts";
import { findProperty } from "./schema.ts";
import type { NotionState } from "./state.ts";

/** Property types whose items are paginated (page objects show only the first 25 references). */
const PAGINATED = new Set(["title", "rich_text", "relation", "people"]);

/**
 * GET /v1/pages/:id/properties/:property_id: one property's value. Title, rich text, relation and
 * people come as a paginated list of property items; the rest as a single property item.
 */
export function propertyItemRoute(app: Hono<NotionEnv>, state: NotionState): void {
  app.get("/v1/pages/:id/properties/:property", (c) => {
    const page = findBlock(c, state, c.req.param("id"), "page", "page_id");
    if (page instanceof Response) return page;
    const key = c.req.param("property");
    const prop = findProperty({ properties: schemaOf(state, page) } as Parameters<typeof findProperty>[0], key);
    if (!prop) return notionError(c, "object_not_found", `Could not find property with ID: ${key}.`);
    const value = fullValue(page, prop);
    const item = (v: unknown) => ({ object: "property_item", id: prop.id, type: prop.type, [prop.type]: v });
    if (!PAGINATED.has(prop.type) || !Array.isArray(value)) return c.json({ ...item(value), request_id: notionRequestId(c) });
    const items = value.map((v, i) => ({ id: String(i), v }));
    const page_ = paginate(c, items, "query", c.req.query("start_cursor"), c.req.query("page_size"));
    if (page_ instanceof Response) return page_;
    return c.json({
      object: "list",
      results: page_.results.map((x) => item(x.v)),
      next_cursor: page_.next_cursor,
      has_more: page_.has_more,
      type: "property_item",
      property_item: { id: prop.id, next_url: null, type: prop.type, [prop.type]: {} },
      request_id: notionRequestId(c),
    });
  });
}
