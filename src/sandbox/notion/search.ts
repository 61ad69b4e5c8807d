import type { Hono } from "hono";
import type { SandboxEnv } from "../app.ts";
import type { SandboxState } from "../state.ts";
import { jsonObject } from "./body.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { listBody, paginate } from "./pagination.ts";
import { pageObject, trashed } from "./tree.ts";

/**
 * POST /v1/search: pages whose title contains `query` (case-insensitive), in the caller's
 * workspace. Data sources are not in the sandbox yet, so filtering for them finds nothing.
 */
export function searchRoute(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/v1/search", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const legacy = c.get("notionVersion") === "2022-06-28";
    const objects = legacy ? ["page", "database"] : ["page", "data_source"];
    const filter = body.filter as { property?: unknown; value?: unknown; in_trash?: unknown } | undefined;
    if (filter?.value !== undefined && !objects.includes(String(filter.value))) {
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.filter.value should be ${objects.map((o) => `\`"${o}"\``).join(" or ")}, instead was \`${JSON.stringify(filter.value)}\`.`,
      );
    }
    const sort = body.sort as { timestamp?: unknown; direction?: unknown } | undefined;
    if (sort?.direction !== undefined && sort.direction !== "ascending" && sort.direction !== "descending") {
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.sort.direction should be \`"ascending"\` or \`"descending"\`, instead was \`${JSON.stringify(sort.direction)}\`.`,
      );
    }
    const query = typeof body.query === "string" ? body.query.toLowerCase() : "";
    const wantTrash = filter?.in_trash === true;
    const token = c.get("notionToken");
    const pages =
      filter?.value !== undefined && filter.value !== "page"
        ? []
        : [...state.blocks.values()].filter(
            (b) =>
              b.workspaceId === token.workspaceId &&
              b.type === "child_page" &&
              trashed(state, b) === wantTrash &&
              String(b.data.title).toLowerCase().includes(query),
          );
    const dir = sort?.direction === "ascending" ? 1 : -1;
    pages.sort((a, b) => dir * (a.lastEditedTime.getTime() - b.lastEditedTime.getTime()) || a.id.localeCompare(b.id));
    const page = paginate(c, pages, "body", body.start_cursor, body.page_size);
    if (page instanceof Response) return page;
    const type = legacy ? "page_or_database" : "page_or_data_source";
    return c.json(listBody({ ...page, results: page.results.map(pageObject) }, type, notionRequestId(c)));
  });
}
