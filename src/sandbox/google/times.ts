import type { GoogleErrorDetail } from "./errors.ts";
import type { EventFields, When } from "./event-input.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;
const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 timestamp with an offset (as query parameters need), in ms; null when it is not one. */
export function parseTimestamp(s: string): number | null {
  if (!DATE_TIME.test(s) || !HAS_OFFSET.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * An event boundary as an instant in ms. All-day dates count from midnight UTC, and a dateTime
 * without an offset is read as UTC: the sandbox does not apply time zones.
 */
export function instant(w: When): number {
  if (w.date) return Date.parse(`${w.date}T00:00:00Z`);
  const s = w.dateTime ?? "";
  return Date.parse(HAS_OFFSET.test(s) ? s : `${s}Z`);
}

export type TimeProblem = { status: 400 } & GoogleErrorDetail;

const bad = (reason: string, message: string, location?: string): TimeProblem => ({ status: 400, reason, message, location });

function checkWhen(w: When | undefined, name: "start" | "end"): TimeProblem | null {
  if (!w || (w.date === undefined && w.dateTime === undefined)) return bad("required", `Missing ${name} time.`, name);
  if (w.date !== undefined && w.dateTime !== undefined) return bad("invalid", `Invalid ${name} time: set either date or dateTime.`, name);
  if (w.date !== undefined && (!DATE.test(w.date) || Number.isNaN(instant(w)))) return bad("invalid", `Invalid ${name} date.`, name);
  if (w.dateTime !== undefined) {
    if (!DATE_TIME.test(w.dateTime) || Number.isNaN(instant(w))) return bad("invalid", `Invalid ${name} time.`, name);
    if (!HAS_OFFSET.test(w.dateTime) && !w.timeZone)
      return bad("required", "Missing time zone definition for start time.".replace("start", name), name);
  }
  return null;
}

/** Start and end present, of one kind (both dates or both dateTimes), and in order. */
export function checkTimes(f: EventFields): TimeProblem | null {
  const problem = checkWhen(f.start, "start") ?? checkWhen(f.end, "end");
  if (problem || !f.start || !f.end) return problem;
  if ((f.start.date === undefined) !== (f.end.date === undefined))
    return bad("invalid", "Start and end times must either both be date or both be dateTime.");
  const span = instant(f.end) - instant(f.start);
  if (span < 0 || (f.start.date !== undefined && span === 0)) return bad("timeRangeEmpty", "The specified time range is empty.", "end");
  return null;
}
