import type { Context, Hono } from "hono";
import { ARCHIVED_MESSAGE, jsonObject } from "./body.ts";
import { databaseObject, findDatabase } from "./containers.ts";
import { addDataSource, queryResponse } from "./data-sources.ts";
import type { NotionEnv } from "./env.ts";
import { notionError, notionRequestId } from "./errors.ts";
import type { SandboxDatabase } from "./model.ts";
import { resolveParent } from "./page-input.ts";
import { updateSchema } from "./schema.ts";
import type { NotionState } from "./state.ts";
import { newBlock, trashed } from "./tree.ts";
import { BodyError, richText, validated } from "./validate.ts";

const DEFAULT_PROPERTIES = { Name: { title: {} } };

const optionalText = (v: unknown, path: string) => (v === undefined ? undefined : richText(v, path));

function flag(v: unknown, path: string): boolean | undefined {
  if (v !== undefined && typeof v !== "boolean")
    throw new BodyError(`body failed validation: ${path} should be a boolean, instead was \`${JSON.stringify(v)}\`.`);
  return v;
}

/** POST /v1/databases: a database block under a page or the workspace, with its first data source. */
async function createDatabase(c: Context<NotionEnv>, state: NotionState) {
  const body = await jsonObject(c);
  if (body instanceof Response) return body;
  const raw = body.parent as Record<string, unknown> | undefined;
  if (raw?.page_id === undefined && raw?.workspace !== true)
    return notionError(
      c,
      "validation_error",
      `body failed validation: body.parent should be an object with page_id or workspace, instead was \`${JSON.stringify(raw)}\`.`,
    );
  const parent = resolveParent(c, state, raw);
  if (parent instanceof Response) return parent;
  const legacy = c.get("notionVersion") === "2022-06-28";
  const initial = (legacy ? { properties: body.properties } : (body.initial_data_source ?? {})) as { properties?: unknown };
  const made = validated(c, () => {
    const db: SandboxDatabase = {
      id: "",
      title: optionalText(body.title, "body.title") ?? [],
      description: optionalText(body.description, "body.description") ?? [],
      isInline: flag(body.is_inline, "body.is_inline") ?? false,
      isLocked: false,
      dataSources: [],
    };
    const block = newBlock(state, c.get("notionToken"), {
      parent: parent.ref,
      type: "child_database",
      data: { title: "" },
      icon: body.icon ?? null,
      cover: body.cover ?? null,
    });
    db.id = block.id;
    block.data.title = db.title.map((t) => t.plain_text).join("");
    try {
      addDataSource(
        c,
        state,
        db,
        { properties: initial.properties ?? DEFAULT_PROPERTIES },
        legacy ? "body.properties" : "body.initial_data_source.properties",
      );
    } catch (err) {
      state.blocks.delete(block.id);
      throw err;
    }
    return { db, block };
  });
  if (made instanceof Response) return made;
  state.databases.set(made.db.id, made.db);
  if (parent.page) {
    parent.page.children.push(made.block.id);
    parent.page.lastEditedTime = made.block.createdTime;
  }
  return c.json({ ...databaseObject(state, made.db, made.block, c.get("notionVersion")), request_id: notionRequestId(c) });
}

/** PATCH /v1/databases/:id: title, description, flags, icon, cover, trash; the schema too in 2022-06-28. */
async function updateDatabase(c: Context<NotionEnv>, state: NotionState) {
  const found = findDatabase(c, state, c.req.param("id") ?? "");
  if (found instanceof Response) return found;
  const body = await jsonObject(c);
  if (body instanceof Response) return body;
  const { db, block } = found;
  const trash = body.in_trash ?? body.archived;
  if (trashed(state, block) && trash !== false) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
  const legacy = c.get("notionVersion") === "2022-06-28";
  const source = state.dataSources.get(db.dataSources[0] ?? "");
  const edit = validated(c, () => ({
    title: optionalText(body.title, "body.title"),
    description: optionalText(body.description, "body.description"),
    isInline: flag(body.is_inline, "body.is_inline"),
    isLocked: flag(body.is_locked, "body.is_locked"),
    trash: flag(trash, "body.in_trash"),
    properties:
      legacy && body.properties !== undefined && source ? updateSchema(state, source, body.properties, "body.properties") : undefined,
  }));
  if (edit instanceof Response) return edit;
  if (edit.title) {
    db.title = edit.title;
    block.data.title = edit.title.map((t) => t.plain_text).join("");
  }
  if (edit.description) db.description = edit.description;
  if (edit.isInline !== undefined) db.isInline = edit.isInline;
  if (edit.isLocked !== undefined) db.isLocked = edit.isLocked;
  if (edit.trash !== undefined) block.inTrash = edit.trash;
  if (edit.properties && source) source.properties = edit.properties;
  if (body.icon !== undefined) block.icon = body.icon;
  if (body.cover !== undefined) block.cover = body.cover;
  block.lastEditedTime = state.clock.now();
  block.lastEditedBy = c.get("notionToken").botId;
  return c.json({ ...databaseObject(state, db, block, c.get("notionVersion")), request_id: notionRequestId(c) });
}

/** Databases: create, retrieve, update; query in the 2022-06-28 shape (through the first data source). */
export function databasesRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.post("/v1/databases", (c) => createDatabase(c, state));
  app.patch("/v1/databases/:id", (c) => updateDatabase(c, state));

  app.get("/v1/databases/:id", (c) => {
    const found = findDatabase(c, state, c.req.param("id"));
    if (found instanceof Response) return found;
    return c.json({ ...databaseObject(state, found.db, found.block, c.get("notionVersion")), request_id: notionRequestId(c) });
  });

  app.post("/v1/databases/:id/query", async (c) => {
    if (c.get("notionVersion") !== "2022-06-28")
      return notionError(
        c,
        "invalid_request_url",
        "Invalid request URL. Query databases through their data sources (POST /v1/data_sources/{id}/query) since 2025-09-03.",
      );
    const found = findDatabase(c, state, c.req.param("id"));
    if (found instanceof Response) return found;
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const ds = state.dataSources.get(found.db.dataSources[0] ?? "");
    if (!ds) return notionError(c, "object_not_found", `Could not find database with ID: ${found.db.id}.`);
    return queryResponse(c, state, ds, body, "page_or_database");
  });
}
