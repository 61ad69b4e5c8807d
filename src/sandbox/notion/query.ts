import { checkboxCondition, dateCondition, idCondition, numberCondition, optionCondition, type Test, textCondition } from "./conditions.ts";
import { notionTime } from "./ids.ts";
import type { PropertySchema, SandboxDataSource } from "./model.ts";
import { fullValue } from "./properties.ts";
import { findProperty } from "./schema.ts";
import type { NotionState, SandboxBlock } from "./state.ts";
import { trashed } from "./tree.ts";
import { BodyError, MAX_ARRAY } from "./validate.ts";
import { plainText } from "./values.ts";

/** A single query returns at most this many rows; then it says `request_status: incomplete`. */
export const QUERY_CAP = 10_000;

type RowTest = (row: SandboxBlock) => boolean;

const bad = (path: string, rule: string, got: unknown): never => {
  throw new BodyError(`body failed validation: ${path} ${rule}, instead was \`${JSON.stringify(got)}\`.`);
};

const TEXT = new Set(["title", "rich_text", "url", "email", "phone_number"]);

/** A date-ish value as milliseconds (a date's start), or null. */
function millis(v: unknown): number | null {
  const s = typeof v === "string" ? v : (v as { start?: string } | null)?.start;
  return typeof s === "string" ? Date.parse(s) : null;
}

/** The test for one condition on a value of the property's type. */
function valueTest(prop: PropertySchema, raw: unknown, path: string, now: Date, me: string): Test {
  const t = prop.type;
  if (TEXT.has(t)) {
    const test = textCondition(raw, path);
    return (v) => test(t === "title" || t === "rich_text" ? plainText(v) : typeof v === "string" ? v : "");
  }
  if (t === "number") return numberCondition(raw, path);
  if (t === "unique_id") {
    const test = numberCondition(raw, path);
    return (v) => test((v as { number: number | null }).number);
  }
  if (t === "checkbox") return checkboxCondition(raw, path);
  if (t === "select" || t === "status") return optionCondition(raw, path, false);
  if (t === "multi_select") return optionCondition(raw, path, true);
  if (t === "people" || t === "relation" || t === "created_by" || t === "last_edited_by") return idCondition(raw, path, me);
  if (t === "files") return optionCondition(raw, path, true);
  if (t === "date" || t === "created_time" || t === "last_edited_time") {
    const test = dateCondition(raw, path, now);
    return (v) => test(millis(v));
  }
  return bad(path, `is a filter on a ${t} property, which the sandbox cannot filter`, raw);
}

/** A property or timestamp filter, or an `and`/`or` group (groups nest at most two levels). */
function compile(ds: SandboxDataSource, raw: unknown, path: string, level: number, now: Date, me: string): RowTest {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return bad(path, "should be an object", raw);
  const f = raw as Record<string, unknown>;
  for (const group of ["and", "or"] as const) {
    if (!(group in f)) continue;
    if (level >= 2) return bad(`${path}.${group}`, "should be not present (filters nest at most two levels)", f[group]);
    const items = f[group];
    if (!Array.isArray(items)) return bad(`${path}.${group}`, "should be an array", items);
    if (items.length > MAX_ARRAY) bad(`${path}.${group}.length`, `should be ≤ \`${MAX_ARRAY}\``, items.length);
    const tests = items.map((x, i) => compile(ds, x, `${path}.${group}[${i}]`, level + 1, now, me));
    return group === "and" ? (row) => tests.every((t) => t(row)) : (row) => tests.some((t) => t(row));
  }
  if (f.timestamp === "created_time" || f.timestamp === "last_edited_time") {
    const key = f.timestamp;
    const test = dateCondition(f[key], `${path}.${key}`, now);
    return (row) => test(Date.parse(notionTime(key === "created_time" ? row.createdTime : row.lastEditedTime)));
  }
  if (typeof f.property !== "string") return bad(`${path}.property`, "should be a property name or id", f.property);
  const prop = findProperty(ds, f.property);
  if (!prop) throw new BodyError(`Could not find property with name or id: ${f.property}`);
  const key = Object.keys(f).find((k) => k !== "property" && k !== "type");
  if (key !== prop.type && !(key === "rich_text" && prop.type === "title"))
    return bad(`${path}.${key ?? prop.type}`, `should be a \`${prop.type}\` filter for property \`${prop.name}\``, key);
  const test = valueTest(prop, f[key], `${path}.${key}`, now, me);
  return (row) => test(fullValue(row, prop));
}

/** Sort key: text lower-cased, selects by option order, dates and numbers as numbers; empty is null. */
function sortKey(prop: PropertySchema | undefined, timestamp: string | undefined, row: SandboxBlock): number | string | null {
  if (!prop) return (timestamp === "created_time" ? row.createdTime : row.lastEditedTime).getTime();
  const v = fullValue(row, prop);
  if (v === null || v === undefined) return null;
  if (Array.isArray(v))
    return v.length === 0 ? null : prop.type === "title" || prop.type === "rich_text" ? plainText(v).toLowerCase() : String(v.length);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return millis(v) ?? v.toLowerCase();
  if (prop.type === "select" || prop.type === "status") {
    const options = (prop.config.options ?? []) as Array<{ id: string }>;
    return options.findIndex((o) => o.id === (v as { id: string }).id);
  }
  return millis(v) ?? (v as { number?: number }).number ?? null;
}

function comparator(ds: SandboxDataSource, raw: unknown): (a: SandboxBlock, b: SandboxBlock) => number {
  if (raw === undefined) return () => 0;
  if (!Array.isArray(raw)) return bad("body.sorts", "should be an array", raw);
  if (raw.length > MAX_ARRAY) bad("body.sorts.length", `should be ≤ \`${MAX_ARRAY}\``, raw.length);
  const keys = raw.map((s, i) => {
    const sort = (s ?? {}) as { property?: unknown; timestamp?: unknown; direction?: unknown };
    const dir =
      sort.direction === "ascending"
        ? 1
        : sort.direction === "descending"
          ? -1
          : bad(`body.sorts[${i}].direction`, 'should be `"ascending"` or `"descending"`', sort.direction);
    if (sort.timestamp === "created_time" || sort.timestamp === "last_edited_time")
      return { dir, prop: undefined, timestamp: sort.timestamp };
    if (typeof sort.property !== "string") return bad(`body.sorts[${i}]`, "should have a property or a timestamp", s);
    const prop = findProperty(ds, sort.property);
    if (!prop) throw new BodyError(`Could not find sort property with name or id: ${sort.property}`);
    return { dir, prop, timestamp: undefined };
  });
  return (a, b) => {
    for (const k of keys) {
      const x = sortKey(k.prop, k.timestamp, a);
      const y = sortKey(k.prop, k.timestamp, b);
      if (x === y) continue;
      if (x === null) return 1; // empty values last, whichever the direction
      if (y === null) return -1;
      return k.dir * (x < y ? -1 : 1);
    }
    return 0;
  };
}

/**
 * The rows a query matches, in order, capped at 10,000: rows not in the trash (with
 * `in_trash: true`, trashed rows too), filtered, then sorted (creation order when no sorts).
 */
export function queryRows(
  state: NotionState,
  ds: SandboxDataSource,
  body: Record<string, unknown>,
  me: string,
): { rows: SandboxBlock[]; capped: boolean } {
  const withTrash = body.in_trash ?? body.archived;
  if (withTrash !== undefined && typeof withTrash !== "boolean") bad("body.in_trash", "should be a boolean", withTrash);
  if (body.result_type !== undefined && body.result_type !== "page" && body.result_type !== "data_source")
    bad("body.result_type", 'should be `"page"` or `"data_source"`', body.result_type);
  const test = body.filter === undefined ? () => true : compile(ds, body.filter, "body.filter", 0, state.clock.now(), me);
  const order = comparator(ds, body.sorts);
  const rows = ds.rows
    .map((id) => state.blocks.get(id))
    .filter((r): r is SandboxBlock => r !== undefined && (withTrash === true || !trashed(state, r)))
    .filter(test);
  rows.sort(order);
  return { rows: rows.slice(0, QUERY_CAP), capped: rows.length > QUERY_CAP };
}
