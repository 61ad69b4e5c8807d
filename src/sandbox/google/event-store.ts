import type { GoogleErrorDetail } from "./errors.ts";
import { type EventFields, type EventInput, insertedFields } from "./event-input.ts";
import { EVENT_ID, newEventId } from "./ids.ts";
import { checkTimes } from "./times.ts";
import type { GoogleCalendar, GoogleEvent } from "./types.ts";

export type Failure = { status: number } & GoogleErrorDetail;

export const isFailure = (x: unknown): x is Failure => typeof x === "object" && x !== null && "reason" in x;

/** Marks a change on the calendar's change counter, which sync tokens and etags follow. */
function touch(cal: GoogleCalendar, ev: GoogleEvent, now: Date): void {
  ev.updated = now;
  ev.changeSeq = ++cal.changeSeq;
}

/** Inserts an event: a client-supplied id must be base32hex and unused (deleted events keep theirs). */
export function insertEvent(cal: GoogleCalendar, input: EventInput, now: Date): GoogleEvent | Failure {
  if (input.id !== undefined && !EVENT_ID.test(input.id)) return { status: 400, reason: "invalid", message: "Invalid resource id value." };
  if (input.id !== undefined && cal.events.has(input.id))
    return { status: 409, reason: "duplicate", message: "The requested identifier already exists." };
  const fields = insertedFields(input);
  const problem = checkTimes(fields);
  if (problem) return problem;
  const id = input.id ?? newEventId();
  const ev: GoogleEvent = {
    id,
    calendarId: cal.id,
    fields,
    iCalUID: input.iCalUID ?? `${id}@google.com`,
    created: now,
    updated: now,
    sequence: 0,
    changeSeq: 0,
    ordinal: cal.events.size,
  };
  cal.events.set(id, ev);
  touch(cal, ev, now);
  return ev;
}

/** Replaces an event's fields after checking them; bumps sequence, updated and etag. */
export function changeEvent(cal: GoogleCalendar, ev: GoogleEvent, fields: EventFields, now: Date): GoogleEvent | Failure {
  const problem = checkTimes(fields);
  if (problem) return problem;
  ev.fields = fields;
  ev.sequence++;
  touch(cal, ev, now);
  return ev;
}

/** Cancels an event: it keeps its id and stays readable with status cancelled. */
export function deleteEvent(cal: GoogleCalendar, ev: GoogleEvent, now: Date): Failure | null {
  if (ev.fields.status === "cancelled") return { status: 410, reason: "deleted", message: "Resource has been deleted" };
  ev.fields = { ...ev.fields, status: "cancelled" };
  touch(cal, ev, now);
  return null;
}

export const eventEtag = (ev: GoogleEvent) => `"${ev.updated.getTime()}${String(ev.changeSeq).padStart(6, "0")}"`;
