import type { Hono } from "hono";
import { jsonObject } from "./body.ts";
import { databaseObject, dataSourceObject } from "./containers.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import { listBody, paginate } from "./pagination.ts";
import type { NotionState } from "./state.ts";
import { pageObject, trashed } from "./tree.ts";
import { plainText } from "./values.ts";

interface Hit {
  id: string;
  at: Date;
  render: () => unknown;
}

/**
 * POST /v1/search: pages and data sources (databases in 2022-06-28) whose title contains
 * `query` (case-insensitive), in the caller's workspace, by last edit.
 */
export function searchRoute(app: Hono<NotionEnv>, state: NotionState): void {
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
    const version = c.get("notionVersion");
    const matches = (title: string, inTrash: boolean) => inTrash === wantTrash && title.toLowerCase().includes(query);
    const hits: Hit[] = [];
    if (filter?.value === undefined || filter.value === "page") {
      for (const b of state.blocks.values()) {
        if (b.workspaceId === token.workspaceId && b.type === "child_page" && matches(String(b.data.title), trashed(state, b)))
          hits.push({ id: b.id, at: b.lastEditedTime, render: () => pageObject(state, b, version) });
      }
    }
    if (filter?.value === undefined || filter.value !== "page") {
      for (const ds of state.dataSources.values()) {
        const block = state.blocks.get(ds.databaseId);
        const db = state.databases.get(ds.databaseId);
        if (ds.workspaceId !== token.workspaceId || !block || !db) continue;
        const inTrash = ds.inTrash || trashed(state, block);
        if (legacy) {
          // 2022-06-28 knows databases, each through its first data source.
          if (db.dataSources[0] === ds.id && matches(plainText(db.title), inTrash))
            hits.push({ id: db.id, at: block.lastEditedTime, render: () => databaseObject(state, db, block, version) });
        } else if (matches(plainText(ds.title), inTrash)) {
          hits.push({ id: ds.id, at: ds.lastEditedTime, render: () => dataSourceObject(state, ds, version) });
        }
      }
    }
    const dir = sort?.direction === "ascending" ? 1 : -1;
    hits.sort((a, b) => dir * (a.at.getTime() - b.at.getTime()) || a.id.localeCompare(b.id));
    const page = paginate(c, hits, "body", body.start_cursor, body.page_size);
    if (page instanceof Response) return page;
    const type = legacy ? "page_or_database" : "page_or_data_source";
    return c.json(listBody({ ...page, results: page.results.map((h) => h.render()) }, type, notionRequestId(c)));
  });
}
