import { randomUUID } from "node:crypto";
import type { Context, Hono } from "hono";
import { ARCHIVED_MESSAGE, jsonObject } from "./body.ts";
import { dataSourceObject, findDatabase, findDataSource } from "./containers.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import type { SandboxDatabase, SandboxDataSource } from "./model.ts";
import { listBody, paginate } from "./pagination.ts";
import { queryRows } from "./query.ts";
import { newSchema, updateSchema } from "./schema.ts";
import type { NotionState } from "./state.ts";
import { pageObject, trashed } from "./tree.ts";
import { BodyError, richText, validated } from "./validate.ts";

/** A new data source in `db`, with a validated schema (throws BodyError). */
export function addDataSource(
  c: Context<NotionEnv>,
  state: NotionState,
  db: SandboxDatabase,
  input: { properties: unknown; title?: unknown; icon?: unknown },
  path: string,
): SandboxDataSource {
  const token = c.get("notionToken");
  const now = state.clock.now();
  const ds: SandboxDataSource = {
    id: randomUUID(),
    databaseId: db.id,
    workspaceId: token.workspaceId,
    title: input.title === undefined ? db.title : richText(input.title, "body.title"),
    description: [],
    properties: newSchema(state, token.workspaceId, input.properties, path),
    icon: input.icon ?? null,
    inTrash: false,
    createdTime: now,
    lastEditedTime: now,
    createdBy: token.botId,
    lastEditedBy: token.botId,
    nextUniqueId: 1,
    rows: [],
  };
  state.dataSources.set(ds.id, ds);
  db.dataSources.push(ds.id);
  return ds;
}

/** POST .../query for a data source: the matching rows as a page of page objects. */
export function queryResponse(
  c: Context<NotionEnv>,
  state: NotionState,
  ds: SandboxDataSource,
  body: Record<string, unknown>,
  type: string,
) {
  const found = validated(c, () => queryRows(state, ds, body, c.get("notionToken").botId));
  if (found instanceof Response) return found;
  const rows = body.result_type === "data_source" ? [] : found.rows;
  const page = paginate(c, rows, "body", body.start_cursor, body.page_size);
  if (page instanceof Response) return page;
  const only = c.req.queries("filter_properties");
  const version = c.get("notionVersion");
  const results = page.results.map((r) => pageObject(state, r, version, only ? new Set(only) : undefined));
  const status = found.capped ? { type: "incomplete", incomplete_reason: "query_result_limit_reached" } : { type: "complete" };
  return c.json({ ...listBody({ ...page, results }, type, notionRequestId(c)), request_status: status });
}

/** Data sources (2025-09-03 and later): create, retrieve, update, query, templates. */
export function dataSourcesRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.post("/v1/data_sources", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const parent = body.parent as { database_id?: unknown } | undefined;
    if (typeof parent?.database_id !== "string")
      return notionError(
        c,
        "validation_error",
        `body failed validation: body.parent.database_id should be defined, instead was \`${JSON.stringify(parent?.database_id)}\`.`,
      );
    const found = findDatabase(c, state, parent.database_id, "parent.database_id");
    if (found instanceof Response) return found;
    if (trashed(state, found.block)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    const ds = validated(c, () =>
      addDataSource(c, state, found.db, { properties: body.properties, title: body.title, icon: body.icon }, "body.properties"),
    );
    if (ds instanceof Response) return ds;
    return c.json({ ...dataSourceObject(state, ds, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.get("/v1/data_sources/:id", (c) => {
    const ds = findDataSource(c, state, c.req.param("id"));
    if (ds instanceof Response) return ds;
    return c.json({ ...dataSourceObject(state, ds, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.patch("/v1/data_sources/:id", async (c) => {
    const ds = findDataSource(c, state, c.req.param("id"));
    if (ds instanceof Response) return ds;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const trash = body.in_trash ?? body.archived;
    const db = state.blocks.get(ds.databaseId);
    if ((ds.inTrash || (db && trashed(state, db))) && trash !== false) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    const edit = validated(c, () => {
      if (trash !== undefined && typeof trash !== "boolean")
        throw new BodyError(`body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`);
      return {
        title: body.title === undefined ? undefined : richText(body.title, "body.title"),
        properties: body.properties === undefined ? undefined : updateSchema(state, ds, body.properties, "body.properties"),
      };
    });
    if (edit instanceof Response) return edit;
    if (edit.title) ds.title = edit.title;
    if (edit.properties) ds.properties = edit.properties;
    if (body.icon !== undefined) ds.icon = body.icon;
    if (typeof trash === "boolean") ds.inTrash = trash;
    ds.lastEditedTime = state.clock.now();
    ds.lastEditedBy = c.get("notionToken").botId;
    return c.json({ ...dataSourceObject(state, ds, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.post("/v1/data_sources/:id/query", async (c) => {
    const ds = findDataSource(c, state, c.req.param("id"));
    if (ds instanceof Response) return ds;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    return queryResponse(c, state, ds, body, "page_or_data_source");
  });

  app.get("/v1/data_sources/:id/templates", (c) => {
    const ds = findDataSource(c, state, c.req.param("id"));
    if (ds instanceof Response) return ds;
    return c.json({ templates: [], has_more: false, next_cursor: null, request_id: notionRequestId(c) });
  });
}
