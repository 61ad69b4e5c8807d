import { z } from "zod";
import { describeIssues, fieldIssues, ValidationError } from "../../errors.ts";

/**
 * Seed 002's outbox operations, exactly its payloads (plus an optional `userId`: the Ferry user
 * whose Google connection applies them, the workspace by default, and an optional
 * `event.timeZone`). The same rules as `calendar_payload_problem()` in migration 0008, which
 * guards rows written in SQL; this one names every problem at once.
 */

export const SOURCE_TYPES = ["task", "milestone", "gate_run", "project_review"] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

const isRealDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};

/** A valid IANA zone name (what Intl accepts). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.length <= 100;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a local date-time in `tz` (for comparing start and end only). */
function localMs(value: string, tz: string): number {
  const asUtc = Date.parse(`${value}Z`);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(asUtc));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const shown = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - (shown - asUtc);
}

const instant = (value: string, tz: string | undefined): number =>
  HAS_OFFSET.test(value) ? Date.parse(value) : tz ? localMs(value, tz) : Number.NaN;

const userId = z.string().regex(/^[A-Za-z0-9._:@+-]{1,200}$/, "expected 1-200 characters: letters, digits and . _ : @ + -");
const base = {
  workspaceId: z.string().min(1).max(200),
  calendarId: z.string().min(1).max(1024),
  userId: userId.optional(),
};
const source = { sourceType: z.enum(SOURCE_TYPES), sourceId: z.string().min(1).max(200) };

export const eventSchema = z
  .strictObject({
    title: z.string().min(1).max(1024),
    description: z.string().max(8192).nullish(),
    start: z.string(),
    end: z.string(),
    isAllDay: z.boolean().default(false),
    timeZone: z.string().refine(isTimeZone, "expected an IANA time zone such as Europe/Paris").optional(),
  })
  .superRefine((e, ctx) => {
    const times: Array<["start" | "end", string]> = [
      ["start", e.start],
      ["end", e.end],
    ];
    for (const [key, value] of times) {
      if (e.isAllDay && !(DATE.test(value) && isRealDate(value)))
        ctx.addIssue({ code: "custom", path: [key], message: "expected a date (YYYY-MM-DD) for an all-day event" });
      else if (!e.isAllDay && !(DATE_TIME.test(value) && isRealDate(value.slice(0, 10))))
        ctx.addIssue({ code: "custom", path: [key], message: "expected a date-time such as 2025-01-15T14:00:00Z" });
      else if (!e.isAllDay && !HAS_OFFSET.test(value) && !e.timeZone)
        ctx.addIssue({ code: "custom", path: [key], message: "a date-time without an offset needs event.timeZone" });
    }
    if (ctx.issues?.length) return;
    const [s, en] = e.isAllDay
      ? [Date.parse(`${e.start}T00:00:00Z`), Date.parse(`${e.end}T00:00:00Z`)]
      : [instant(e.start, e.timeZone), instant(e.end, e.timeZone)];
    if (!(en > s)) ctx.addIssue({ code: "custom", path: ["end"], message: "must be after event.start" });
  });

export const upsertEventSchema = z.strictObject({
  operation: z.literal("UPSERT_EVENT"),
  ...base,
  ...source,
  eventType: z.string().min(1).max(100),
  event: eventSchema,
});

export const cancelEventSchema = z.strictObject({ operation: z.literal("CANCEL_EVENT"), ...base, ...source });

export const rebuildAllSchema = z.strictObject({ operation: z.literal("REBUILD_ALL"), ...base });

export const operationSchema = z.discriminatedUnion("operation", [upsertEventSchema, cancelEventSchema, rebuildAllSchema]);

export type UpsertEvent = z.infer<typeof upsertEventSchema>;
export type CancelEvent = z.infer<typeof cancelEventSchema>;
export type RebuildAll = z.infer<typeof rebuildAllSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type CalendarEvent = z.infer<typeof eventSchema>;

/** The Ferry user whose Google connection applies an operation: `userId`, else the workspace (as `calendar_enqueue()` decides). */
export const applierOf = (op: Operation): string => op.userId ?? op.workspaceId;

/** Parses an operation; a ValidationError names each bad field (`body.event.start`). */
export function parseOperation(input: unknown, prefix = "payload"): Operation {
  const result = operationSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error.issues, prefix);
  throw new ValidationError(`invalid calendar operation: ${describeIssues(issues)}`, issues);
}
