import { randomUUID } from "node:crypto";
import { dateValue } from "./dates.ts";
import { normalizeId } from "./ids.ts";
import { inlineItem, type MentionNames, NO_NAMES } from "./mentions.ts";
import { COMPUTED_TYPES, type PropertySchema } from "./model.ts";
import { BodyError, MAX_ARRAY, MAX_TEXT, richText } from "./validate.ts";

const bad = (path: string, rule: string, got: unknown): never => {
  throw new BodyError(`body failed validation: ${path} ${rule}, instead was \`${JSON.stringify(got)}\`.`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function limitedString(v: unknown, path: string, max: number): string | null {
  if (v === null) return null;
  if (typeof v !== "string") return bad(path, "should be a string or `null`", v);
  if (v.length > max) bad(`${path}.length`, `should be ≤ \`${max}\``, v.length);
  return v;
}

function list(v: unknown, path: string, max = MAX_ARRAY): unknown[] {
  if (!Array.isArray(v)) return bad(path, "should be an array", v);
  if (v.length > max) bad(`${path}.length`, `should be ≤ \`${max}\``, v.length);
  return v;
}

type Option = { id: string; name: string; color: string; description?: string | null };

/**
 * A select-like option by `name` or `id`. Select and multi-select create unknown names as new
 * options (as Notion does for integrations with edit access); status options must exist.
 */
function option(prop: PropertySchema, v: unknown, path: string, create: boolean): Option {
  if (!isObject(v)) return bad(path, "should be an object with name or id", v);
  const opts = (prop.config.options ?? []) as Option[];
  const found = opts.find((o) => (typeof v.id === "string" && o.id === v.id) || (typeof v.name === "string" && o.name === v.name));
  if (found) return { id: found.id, name: found.name, color: found.color };
  if (!create || typeof v.name !== "string" || v.name.length === 0 || v.name.includes(","))
    return bad(`${path}.name`, `should be an existing option of \`${prop.name}\``, v.name ?? v.id);
  const made = { id: randomUUID(), name: v.name, color: typeof v.color === "string" ? v.color : "default", description: null };
  prop.config.options = [...opts, made];
  return { id: made.id, name: made.name, color: made.color };
}

function ids(v: unknown, path: string, object?: "user"): Array<{ id: string; object?: "user" }> {
  return list(v, path).map((x, i) => {
    const id = isObject(x) && typeof x.id === "string" ? normalizeId(x.id) : null;
    if (!id) return bad(`${path}[${i}].id`, "should be a valid uuid", isObject(x) ? x.id : x);
    return object ? { object, id } : { id };
  });
}

function files(v: unknown, path: string) {
  return list(v, path).map((f, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(f)) return bad(p, "should be an object", f);
    const url = isObject(f.external) ? f.external.url : undefined;
    if (typeof url !== "string" || url.length > MAX_TEXT) return bad(`${p}.external.url`, "should be a URL", url);
    return { name: typeof f.name === "string" ? f.name : url, type: "external", external: { url } };
  });
}

/**
 * One request value, validated for its property type, in response shape. Title and rich text take
 * mentions and equations; `names` gives mentioned users', pages' and databases' names.
 */
export function propertyValue(prop: PropertySchema, raw: unknown, path: string, names: MentionNames = NO_NAMES): unknown {
  if (COMPUTED_TYPES.has(prop.type)) throw new BodyError(`body failed validation: ${path} is a ${prop.type} property, which is read-only.`);
  // `{ [type]: value }` (the documented form), or the bare value for title and rich text arrays.
  const v =
    isObject(raw) && prop.type in raw
      ? raw[prop.type]
      : Array.isArray(raw) && (prop.type === "title" || prop.type === "rich_text")
        ? raw
        : undefined;
  const p = `${path}.${prop.type}`;
  if (v === undefined) return bad(p, "should be defined", v);
  switch (prop.type) {
    case "title":
    case "rich_text":
      return richText(v, p, (kind, item, at) => inlineItem(kind, item, at, names));
    case "number":
      return v === null || (typeof v === "number" && Number.isFinite(v)) ? v : bad(p, "should be a number or `null`", v);
    case "checkbox":
      return typeof v === "boolean" ? v : bad(p, "should be a boolean", v);
    case "url":
      return limitedString(v, p, MAX_TEXT);
    case "email":
    case "phone_number":
      return limitedString(v, p, 200);
    case "select":
    case "status":
      return v === null ? null : option(prop, v, p, prop.type === "select");
    case "multi_select":
      return list(v, p).map((o, i) => option(prop, o, `${p}[${i}]`, true));
    case "date":
      return dateValue(v, p);
    case "people":
      return ids(v, p, "user");
    case "relation":
      return ids(v, p);
    case "files":
      return files(v, p);
    default:
      return bad(p, "is a property type the sandbox cannot set", prop.type);
  }
}

/** The empty value of a type, for properties a row has never set. */
export function emptyValue(type: string): unknown {
  if (["title", "rich_text", "multi_select", "people", "relation", "files"].includes(type)) return [];
  if (type === "checkbox") return false;
  return null;
}

/** The text of a title or rich-text value, for filters, sorts and search. */
export function plainText(value: unknown): string {
  return Array.isArray(value) ? value.map((t) => (t as { plain_text?: string }).plain_text ?? "").join("") : "";
}
