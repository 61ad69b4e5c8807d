import { randomBytes, randomUUID } from "node:crypto";
import { normalizeId } from "./ids.ts";
import type { PropertySchema, SandboxDataSource } from "./model.ts";
import type { NotionState } from "./state.ts";
import { BodyError, MAX_ARRAY } from "./validate.ts";

/** Property types a data source schema may declare. */
export const PROPERTY_TYPES = [
  "title",
  "rich_text",
  "number",
  "select",
  "multi_select",
  "status",
  "date",
  "people",
  "files",
  "checkbox",
  "url",
  "email",
  "phone_number",
  "formula",
  "relation",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
] as const;

const bad = (path: string, rule: string, got: unknown): never => {
  throw new BodyError(`body failed validation: ${path} ${rule}, instead was \`${JSON.stringify(got)}\`.`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Notion's property ids are short opaque strings; `title` is always `title`. */
const propertyId = () => encodeURIComponent(randomBytes(3).toString("base64").slice(0, 4));

function options(raw: unknown, path: string): Array<{ id: string; name: string; color: string; description: string | null }> {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return bad(path, "should be an array", raw);
  if (raw.length > MAX_ARRAY) bad(`${path}.length`, `should be ≤ \`${MAX_ARRAY}\``, raw.length);
  return raw.map((o, i) => {
    if (!isObject(o) || typeof o.name !== "string" || o.name.length === 0 || o.name.includes(","))
      return bad(`${path}[${i}].name`, "should be a non-empty string without commas", isObject(o) ? o.name : o);
    return {
      id: typeof o.id === "string" ? o.id : randomUUID(),
      name: o.name,
      color: typeof o.color === "string" ? o.color : "default",
      description: typeof o.description === "string" ? o.description : null,
    };
  });
}

const DEFAULT_STATUS = [
  ["Not started", "default", "To-do"],
  ["In progress", "blue", "In progress"],
  ["Done", "green", "Complete"],
] as const;

function statusConfig(raw: Record<string, unknown>, path: string) {
  const given = options(raw.options, `${path}.options`);
  const opts = given.length > 0 ? given : DEFAULT_STATUS.map(([name, color]) => ({ id: randomUUID(), name, color, description: null }));
  const groups = ["To-do", "In progress", "Complete"].map((name, g) => ({
    id: randomUUID(),
    name,
    color: ["gray", "blue", "green"][g] ?? "default",
    option_ids: opts
      .filter((o, i) => (DEFAULT_STATUS.find((d) => d[0] === o.name)?.[2] ?? (i === 0 ? "To-do" : "In progress")) === name)
      .map((o) => o.id),
  }));
  return { options: opts, groups };
}

/** The response-shape configuration of one property type from its request form. */
function config(state: NotionState, workspaceId: string, type: string, raw: unknown, path: string): Record<string, unknown> {
  const cfg = isObject(raw) ? raw : raw === undefined ? {} : bad(path, "should be an object", raw);
  switch (type) {
    case "number":
      return { format: typeof cfg.format === "string" ? cfg.format : "number" };
    case "select":
    case "multi_select":
      return { options: options(cfg.options, `${path}.options`) };
    case "status":
      return statusConfig(cfg, path);
    case "formula":
      return { expression: typeof cfg.expression === "string" ? cfg.expression : "" };
    case "unique_id":
      return { prefix: typeof cfg.prefix === "string" ? cfg.prefix : null };
    case "rollup":
      return {
        function: "show_original",
        rollup_property_name: "",
        relation_property_name: "",
        rollup_property_id: "",
        relation_property_id: "",
        ...cfg,
      };
    case "relation": {
      const id = typeof cfg.data_source_id === "string" ? normalizeId(cfg.data_source_id) : null;
      const target = id ? state.dataSources.get(id) : undefined;
      if (!target || target.workspaceId !== workspaceId)
        return bad(`${path}.data_source_id`, "should be a data source shared with the integration", cfg.data_source_id);
      const dual = cfg.type === "dual_property" || cfg.dual_property !== undefined;
      return {
        database_id: target.databaseId,
        data_source_id: target.id,
        type: dual ? "dual_property" : "single_property",
        ...(dual ? { dual_property: { synced_property_id: propertyId(), synced_property_name: "Related" } } : { single_property: {} }),
      };
    }
    default:
      return {};
  }
}

/** One property from `{ type?, [type]: config, description? }`; the type is the key present when `type` is absent. */
function property(state: NotionState, workspaceId: string, name: string, raw: unknown, path: string, id?: string): PropertySchema {
  if (!isObject(raw)) return bad(path, "should be an object", raw);
  const type = typeof raw.type === "string" ? raw.type : PROPERTY_TYPES.find((t) => t in raw);
  if (!type || !(PROPERTY_TYPES as readonly string[]).includes(type))
    return bad(`${path}.type`, `should be one of ${PROPERTY_TYPES.map((t) => `\`"${t}"\``).join(", ")}`, raw.type);
  const description = typeof raw.description === "string" ? raw.description : null;
  return {
    id: id ?? (type === "title" ? "title" : propertyId()),
    name,
    type,
    description,
    config: config(state, workspaceId, type, raw[type], `${path}.${type}`),
  };
}

/** A new schema (POST /data_sources, POST /databases): a map of name → configuration with exactly one title. */
export function newSchema(state: NotionState, workspaceId: string, raw: unknown, path: string): PropertySchema[] {
  if (!isObject(raw)) return bad(path, "should be an object", raw);
  const props = Object.entries(raw).map(([name, v]) => property(state, workspaceId, name, v, `${path}.${name}`));
  const titles = props.filter((p) => p.type === "title").length;
  if (titles !== 1) throw new BodyError(`body failed validation: ${path} should have exactly one title property, instead had ${titles}.`);
  return props;
}

/** Finds a schema property by name or id. */
export function findProperty(ds: SandboxDataSource, key: string): PropertySchema | undefined {
  return ds.properties.find((p) => p.name === key) ?? ds.properties.find((p) => p.id === key || decodeURIComponent(p.id) === key);
}

/**
 * PATCH semantics on a schema: `null` removes a property, `{ name }` renames it, a configuration
 * changes its type or adds it. The title property can be renamed but not removed or retyped.
 */
export function updateSchema(state: NotionState, ds: SandboxDataSource, raw: unknown, path: string): PropertySchema[] {
  if (!isObject(raw)) return bad(path, "should be an object", raw);
  let props = [...ds.properties];
  for (const [key, value] of Object.entries(raw)) {
    const p = `${path}.${key}`;
    const existing = props.find((x) => x.name === key) ?? props.find((x) => x.id === key);
    if (value === null) {
      if (!existing) return bad(p, "should be an existing property", key);
      if (existing.type === "title") throw new BodyError(`body failed validation: ${p} is the title property and cannot be removed.`);
      props = props.filter((x) => x !== existing);
      continue;
    }
    if (!isObject(value)) return bad(p, "should be an object or null", value);
    const newName = typeof value.name === "string" ? value.name : undefined;
    const hasConfig = typeof value.type === "string" || PROPERTY_TYPES.some((t) => t in value);
    if (existing && !hasConfig) {
      if (newName) props = props.map((x) => (x === existing ? { ...x, name: newName } : x));
      continue;
    }
    const next = property(state, ds.workspaceId, newName ?? existing?.name ?? key, value, p, existing?.id);
    if (existing?.type === "title" && next.type !== "title")
      throw new BodyError(`body failed validation: ${p} is the title property and cannot change type.`);
    if (!existing && next.type === "title") throw new BodyError(`body failed validation: ${p} would be a second title property.`);
    props = existing ? props.map((x) => (x === existing ? next : x)) : [...props, next];
  }
  const names = new Set(props.map((x) => x.name));
  if (names.size !== props.length) throw new BodyError(`body failed validation: ${path} would have two properties with the same name.`);
  return props;
}

/** The schema in response shape: `{ [name]: { id, name, type, description, [type]: config } }`. */
export function schemaObject(props: PropertySchema[]): Record<string, unknown> {
  return Object.fromEntries(
    props.map((p) => [p.name, { id: p.id, name: p.name, type: p.type, description: p.description, [p.type]: p.config }]),
  );
}
