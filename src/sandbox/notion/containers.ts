import type { Context } from "hono";
import type { NotionVersion } from "./auth.ts";
import type { NotionEnv } from "./env.ts";
import { NOT_FOUND_HINT, notionError } from "./errors.ts";
import { normalizeId, notionTime } from "./ids.ts";
import type { SandboxDatabase, SandboxDataSource } from "./model.ts";
import { schemaObject } from "./schema.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { notionUrl, parentObject, trashFields } from "./tree.ts";
import { plainText } from "./values.ts";

const user = (id: string) => ({ object: "user", id });

const badId = (c: Context<NotionEnv>, param: string, raw: string) =>
  notionError(c, "validation_error", `path failed validation: path.${param} should be a valid uuid, instead was \`"${raw}"\`.`);

/** The database (and its block) with this id in the caller's workspace, or Notion's 400/404. */
export function findDatabase(
  c: Context<NotionEnv>,
  state: NotionState,
  raw: string,
  param = "database_id",
): { db: SandboxDatabase; block: SandboxBlock } | Response {
  const id = normalizeId(raw);
  if (!id) return badId(c, param, raw);
  const db = state.databases.get(id);
  const block = state.blocks.get(id);
  if (!db || !block || block.workspaceId !== c.get("notionToken").workspaceId)
    return notionError(c, "object_not_found", `Could not find database with ID: ${id}. ${NOT_FOUND_HINT}`);
  return { db, block };
}

/** The data source with this id in the caller's workspace, or Notion's 400/404. */
export function findDataSource(
  c: Context<NotionEnv>,
  state: NotionState,
  raw: string,
  param = "data_source_id",
): SandboxDataSource | Response {
  const id = normalizeId(raw);
  if (!id) return badId(c, param, raw);
  const ds = state.dataSources.get(id);
  if (!ds || ds.workspaceId !== c.get("notionToken").workspaceId)
    return notionError(c, "object_not_found", `Could not find data source with ID: ${id}. ${NOT_FOUND_HINT}`);
  return ds;
}

function common(block: SandboxBlock, version: NotionVersion) {
  return {
    created_time: notionTime(block.createdTime),
    last_edited_time: notionTime(block.lastEditedTime),
    created_by: user(block.createdBy),
    last_edited_by: user(block.lastEditedBy),
    parent: parentObject(block.parent, version),
    ...trashFields(version, block.inTrash),
    icon: block.icon,
    cover: block.cover,
    public_url: null,
  };
}

/**
 * A database: from 2025-09-03 a container listing its data sources; in 2022-06-28 the schema
 * of its first data source as `properties`.
 */
export function databaseObject(state: NotionState, db: SandboxDatabase, block: SandboxBlock, version: NotionVersion) {
  const shape =
    version === "2022-06-28"
      ? { properties: schemaObject(state.dataSources.get(db.dataSources[0] ?? "")?.properties ?? []) }
      : {
          is_locked: db.isLocked,
          data_sources: db.dataSources.map((id) => ({ id, name: plainText(state.dataSources.get(id)?.title ?? []) })),
        };
  return {
    object: "database",
    id: db.id,
    title: db.title,
    description: db.description,
    is_inline: db.isInline,
    ...shape,
    url: notionUrl(db.id, plainText(db.title)),
    ...common(block, version),
  };
}

/** A data source with its schema. */
export function dataSourceObject(state: NotionState, ds: SandboxDataSource, version: NotionVersion) {
  const block = state.blocks.get(ds.databaseId);
  return {
    object: "data_source",
    id: ds.id,
    title: ds.title,
    description: ds.description,
    parent: { type: "database_id", database_id: ds.databaseId },
    database_parent: block ? parentObject(block.parent, version) : null,
    is_inline: state.databases.get(ds.databaseId)?.isInline ?? false,
    ...trashFields(version, ds.inTrash || (block?.inTrash ?? false)),
    created_time: notionTime(ds.createdTime),
    last_edited_time: notionTime(ds.lastEditedTime),
    created_by: user(ds.createdBy),
    last_edited_by: user(ds.lastEditedBy),
    properties: schemaObject(ds.properties),
    icon: ds.icon,
    cover: block?.cover ?? null,
    url: notionUrl(ds.databaseId, plainText(ds.title)),
    public_url: null,
  };
}
