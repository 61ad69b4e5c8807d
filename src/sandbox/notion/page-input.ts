import type { Context } from "hono";
import { ARCHIVED_MESSAGE, findBlock } from "./body.ts";
import { findDatabase, findDataSource } from "./containers.ts";
import type { NotionEnv } from "./env.ts";
import { notionError } from "./errors.ts";
import type { MentionNames } from "./mentions.ts";
import type { PropertySchema, SandboxDataSource } from "./model.ts";
import { PAGE_SCHEMA } from "./properties.ts";
import { findProperty } from "./schema.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { trashed } from "./tree.ts";
import { BodyError, type RichText } from "./validate.ts";
import { propertyValue } from "./values.ts";

/** Where a new page goes: its stored parent, the page it sits under, or the data source it is a row of. */
export interface PageParent {
  ref: SandboxBlock["parent"];
  page?: SandboxBlock;
  source?: SandboxDataSource;
}

/** Resolves `parent` of POST /pages and POST /pages/:id/move; answers Notion's error otherwise. */
export function resolveParent(c: Context<NotionEnv>, state: NotionState, raw: unknown): PageParent | Response {
  const parent = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (parent.workspace === true) return { ref: { type: "workspace", workspace: true } };
  if (typeof parent.page_id === "string") {
    const page = findBlock(c, state, parent.page_id, "page", "parent.page_id");
    if (page instanceof Response) return page;
    if (trashed(state, page)) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    return { ref: { type: "page_id", page_id: page.id }, page };
  }
  let source: SandboxDataSource | Response | undefined;
  if (typeof parent.data_source_id === "string") {
    source = findDataSource(c, state, parent.data_source_id, "parent.data_source_id");
  } else if (typeof parent.database_id === "string") {
    const found = findDatabase(c, state, parent.database_id, "parent.database_id");
    if (found instanceof Response) return found;
    if (found.db.dataSources.length > 1 && c.get("notionVersion") !== "2022-06-28")
      return notionError(c, "validation_error", "Databases with multiple data sources need a data_source_id parent.");
    source = state.dataSources.get(found.db.dataSources[0] ?? "");
  }
  if (source instanceof Response) return source;
  if (source) {
    const db = state.blocks.get(source.databaseId);
    if (source.inTrash || (db && trashed(state, db))) return notionError(c, "validation_error", ARCHIVED_MESSAGE);
    return { ref: { type: "data_source_id", data_source_id: source.id, database_id: source.databaseId }, source };
  }
  return notionError(
    c,
    "validation_error",
    `body failed validation: body.parent should be an object with page_id, database_id, data_source_id or workspace, instead was \`${JSON.stringify(raw)}\`.`,
  );
}

/**
 * Request `properties` checked against the schema → values keyed by property id. Keys are
 * property names or ids; for plain pages any key holding a title sets the title.
 */
export function propertyValues(schema: PropertySchema[], raw: unknown, path: string, names?: MentionNames): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new BodyError(`body failed validation: ${path} should be an object, instead was \`${JSON.stringify(raw)}\`.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const prop = schema === PAGE_SCHEMA ? PAGE_SCHEMA[0] : findProperty({ properties: schema } as SandboxDataSource, key);
    if (!prop) throw new BodyError(`${key} is not a property that exists.`);
    out[prop.id] = propertyValue(prop, value, `${path}.${key}`, names);
  }
  return out;
}

/** A page's title text from its values. */
export const titleOf = (values: Record<string, unknown> | undefined): string =>
  ((values?.title ?? []) as RichText[]).map((t) => t.plain_text).join("");
