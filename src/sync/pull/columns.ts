/**
 * Notion property types as SQL columns: the type a property becomes, how a page's property value
 * is read into that column, and the system columns every mirror table has.
 */

export const SQL_TYPES = ["text", "double precision", "boolean", "timestamptz", "text[]", "jsonb"] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/** How `format_type()` names each SQL type, to compare with a table as it is. */
export const PG_TYPE_NAMES: Record<SqlType, string> = {
  text: "text",
  "double precision": "double precision",
  boolean: "boolean",
  timestamptz: "timestamp with time zone",
  "text[]": "text[]",
  jsonb: "jsonb",
};

/** Each Notion property type's natural column type. Types not listed (new ones, buttons, places) are kept as jsonb. */
const NATURAL: Record<string, SqlType> = {
  title: "text",
  rich_text: "text",
  url: "text",
  email: "text",
  phone_number: "text",
  select: "text",
  status: "text",
  unique_id: "text",
  created_by: "text",
  last_edited_by: "text",
  number: "double precision",
  checkbox: "boolean",
  date: "timestamptz",
  created_time: "timestamptz",
  last_edited_time: "timestamptz",
  multi_select: "text[]",
  people: "text[]",
  relation: "text[]",
  files: "jsonb",
  formula: "jsonb",
  rollup: "jsonb",
};

export function sqlTypeOf(propertyType: string): SqlType {
  return NATURAL[propertyType] ?? "jsonb";
}

/** An override is allowed to text or jsonb (every value has one) or to the natural type itself. */
export function canOverride(propertyType: string, as: SqlType): boolean {
  return as === "text" || as === "jsonb" || as === sqlTypeOf(propertyType);
}

export interface SystemColumn {
  column: string;
  /** The column's definition after its name. */
  definition: string;
}

/** The columns every mirror table has; the primary key is `(user_id, notion_page_id)`. */
export const SYSTEM_COLUMNS: readonly SystemColumn[] = [
  { column: "user_id", definition: "text NOT NULL" },
  { column: "notion_page_id", definition: "text NOT NULL" },
  { column: "created_time", definition: "timestamptz" },
  { column: "last_edited_time", definition: "timestamptz" },
  { column: "in_trash", definition: "boolean NOT NULL DEFAULT false" },
  { column: "properties", definition: "jsonb NOT NULL DEFAULT '{}'::jsonb" },
  { column: "content_hash", definition: "text" },
  { column: "synced_at", definition: "timestamptz NOT NULL DEFAULT now()" },
];

export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.map((c) => c.column));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);

function plainText(v: unknown): string | null {
  const parts = list(v).map((t) => str(field(t, "plain_text")) ?? "");
  return parts.length ? parts.join("") : null;
}

function uniqueId(v: unknown): string | null {
  const n = field(v, "number");
  if (typeof n !== "number") return null;
  const prefix = str(field(v, "prefix"));
  return prefix ? `${prefix}-${n}` : String(n);
}

/** The natural column value of a property value's inner part (`value[type]`). */
function natural(type: string, inner: unknown): unknown {
  switch (type) {
    case "title":
    case "rich_text":
      return plainText(inner);
    case "number":
      return typeof inner === "number" && Number.isFinite(inner) ? inner : null;
    case "checkbox":
      return inner === true;
    case "url":
    case "email":
    case "phone_number":
    case "created_time":
    case "last_edited_time":
      return str(inner);
    case "select":
    case "status":
      return str(field(inner, "name"));
    case "multi_select":
      return list(inner).flatMap((o) => str(field(o, "name")) ?? []);
    case "people":
    case "relation":
      return list(inner).flatMap((o) => str(field(o, "id")) ?? []);
    case "created_by":
    case "last_edited_by":
      return str(field(inner, "id"));
    case "date":
      return str(field(inner, "start"));
    case "unique_id":
      return uniqueId(inner);
    default:
      return inner ?? null;
  }
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join(", ");
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/**
 * The column value of a page's property value (`{ id, type, [type]: ... }`, as in `page.properties`),
 * for a property of `type` in a column of type `as` (its natural type when omitted). Null-safe: a
 * missing or malformed value gives null (false for a checkbox, [] for arrays). Dates and times stay
 * ISO strings (PostgreSQL parses them); jsonb columns get the raw value (serialize before binding).
 */
export function extract(type: string, value: unknown, as: SqlType = sqlTypeOf(type)): unknown {
  const inner = field(value, type);
  if (as === "jsonb") return inner ?? null;
  const v = natural(type, inner);
  return as === "text" && sqlTypeOf(type) !== "text" ? asText(v) : v;
}

/** A column value as a query parameter: node-postgres sends JS arrays as SQL arrays, so jsonb goes as JSON text. */
export function toParam(as: SqlType, v: unknown): unknown {
  return as === "jsonb" && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
}
