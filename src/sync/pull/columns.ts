/**
 * Notion property types as SQL columns: the type a property becomes and how a page's property
 * value is read into that column (the system columns every mirror table has are in `sql/tables.ts`).
 */

export const SQL_TYPES = ["text", "double precision", "boolean", "timestamptz", "text[]", "jsonb"] as const;
export type SqlType = (typeof SQL_TYPES)[number];

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

/** An ISO 8601 date or date-time as Notion writes one: the date, an optional wall time, an optional offset. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter of wall times in `zone`, or null when the runtime does not know the zone. */
function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormats.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        era: "short",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      f = null;
    }
    if (zoneFormats.size < 1000) zoneFormats.set(zone, f);
  }
  return f;
}

/** Epoch ms of a wall time read as UTC (any year: `Date.UTC` would move years 0–99 to the 1900s). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `t` (whole seconds). */
function zoneOffsetMs(f: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value;
  const year = p.era === "BC" || p.era === "B" ? 1 - Number(p.year) : Number(p.year);
  const wall = utcMs(year, Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second), 0);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall time (as epoch ms read as UTC) in `zone`. A wall time that happens twice
 * (clocks going back) is the first; one that does not exist (clocks going forward) is read with
 * the offset before the change, so it lands as far past the change as it was past the last valid
 * time (02:30 in a gap from 02:00 to 03:00 is 03:30): JavaScript's Date and Temporal's default.
 */
function wallToInstant(f: Intl.DateTimeFormat, wall: number): number {
  const before = zoneOffsetMs(f, wall - DAY_MS);
  const after = zoneOffsetMs(f, wall + DAY_MS);
  const fits = [wall - before, wall - after].filter((t) => zoneOffsetMs(f, t) === wall - t);
  return fits.length ? Math.min(...fits) : wall - before;
}

/**
 * A date property's start as a timestamptz value. A value with an offset (how the real API renders
 * a zoned date) is kept as it is. A wall time without one is read in the value's `time_zone` (an
 * IANA name; a zone the runtime does not know is read as UTC), else as UTC; a date without a time
 * is midnight UTC. Those two are given as explicit instants: PostgreSQL would read them in its
 * session's TimeZone. A value that is not an ISO date goes as it is (PostgreSQL may refuse it).
 */
function dateInstant(start: string, zone: unknown): string {
  const m = ISO.exec(start);
  if (!m || m[8]) return start;
  const [y, mo, d, h, mi, s, frac] = m.slice(1, 8);
  const wall = utcMs(
    Number(y),
    Number(mo),
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? "").padEnd(3, "0").slice(0, 3)),
  );
  const f = h !== undefined && typeof zone === "string" && zone !== "" ? zoneFormat(zone) : null;
  const instant = new Date(f ? wallToInstant(f, wall) : wall);
  return Number.isNaN(instant.getTime()) ? start : instant.toISOString();
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
 * ISO strings (PostgreSQL parses them), a date's start as the instant it means (`dateInstant`; as
 * text, as Notion wrote it); jsonb columns get the raw value (serialize before binding).
 */
export function extract(type: string, value: unknown, as: SqlType = sqlTypeOf(type)): unknown {
  const inner = field(value, type);
  if (as === "jsonb") return inner ?? null;
  const v = natural(type, inner);
  if (type === "date" && as === "timestamptz" && typeof v === "string") return dateInstant(v, field(inner, "time_zone"));
  return as === "text" && sqlTypeOf(type) !== "text" ? asText(v) : v;
}

/** A column value as a query parameter: node-postgres sends JS arrays as SQL arrays, so jsonb goes as JSON text. */
export function toParam(as: SqlType, v: unknown): unknown {
  return as === "jsonb" && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
}
