import { fail } from "./validate.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const isIsoDate = (v: unknown): v is string => typeof v === "string" && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));

/** A request date value (`{ start, end?, time_zone? }`, or null) in response shape: a date property's value, a date mention's. */
export function dateValue(v: unknown, path: string): { start: string; end: string | null; time_zone: string | null } | null {
  if (v === null) return null;
  if (typeof v !== "object" || Array.isArray(v)) return fail(path, "should be an object or `null`", v);
  const d = v as Record<string, unknown>;
  if (!isIsoDate(d.start)) return fail(`${path}.start`, "should be an ISO 8601 date or date-time", d.start);
  const end = d.end ?? null;
  if (end !== null && !isIsoDate(end)) return fail(`${path}.end`, "should be an ISO 8601 date or date-time or `null`", end);
  return { start: d.start, end, time_zone: typeof d.time_zone === "string" ? d.time_zone : null };
}
