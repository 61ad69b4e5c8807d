import { notionTime } from "./ids.ts";
import type { PropertySchema, SandboxDataSource } from "./model.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { emptyValue } from "./values.ts";

/** Page objects show at most this many references per relation or people property. */
export const REFERENCE_LIMIT = 25;

/** The schema of a page that is not a row: one title property called `title`. */
export const PAGE_SCHEMA: PropertySchema[] = [{ id: "title", name: "title", type: "title", description: null, config: {} }];

/** The data source a row belongs to, if it is a row. */
export function rowSource(state: NotionState, page: SandboxBlock): SandboxDataSource | undefined {
  return page.parent.type === "data_source_id" ? state.dataSources.get(page.parent.data_source_id) : undefined;
}

/** The schema the page's values are read through. */
export function schemaOf(state: NotionState, page: SandboxBlock): PropertySchema[] {
  return rowSource(state, page)?.properties ?? PAGE_SCHEMA;
}

const user = (id: string) => ({ object: "user", id });

/** A property's full value: stored for editable types, computed for the read-only ones. */
export function fullValue(page: SandboxBlock, prop: PropertySchema): unknown {
  const stored = page.values?.[prop.id];
  switch (prop.type) {
    case "created_time":
      return notionTime(page.createdTime);
    case "last_edited_time":
      return notionTime(page.lastEditedTime);
    case "created_by":
      return user(page.createdBy);
    case "last_edited_by":
      return user(page.lastEditedBy);
    case "unique_id":
      return { prefix: prop.config.prefix ?? null, number: typeof stored === "number" ? stored : null };
    case "formula":
      return { type: "string", string: null };
    case "rollup":
      return { type: "array", array: [], function: prop.config.function ?? "show_original" };
    default:
      return stored === undefined ? emptyValue(prop.type) : stored;
  }
}

/**
 * The page's `properties` as Notion returns them, keyed by name. Relations and people are cut to
 * 25 references (relations then say `has_more: true`); the property item endpoint has them all.
 */
export function pageProperties(state: NotionState, page: SandboxBlock, only?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const prop of schemaOf(state, page)) {
    if (only && !only.has(prop.id) && !only.has(prop.name)) continue;
    let value = fullValue(page, prop);
    const extra: Record<string, unknown> = {};
    if ((prop.type === "relation" || prop.type === "people") && Array.isArray(value)) {
      if (prop.type === "relation") extra.has_more = value.length > REFERENCE_LIMIT;
      value = value.slice(0, REFERENCE_LIMIT);
    }
    out[prop.name] = { id: prop.id, type: prop.type, [prop.type]: value, ...extra };
  }
  return out;
}
