import { eventEtag } from "./event-store.ts";
import type { GoogleAccount, GoogleCalendar, GoogleEvent } from "./types.ts";

const iso = (d: Date) => d.toISOString();

/** An event as the Calendar API returns it. */
export function eventResource(cal: GoogleCalendar, account: GoogleAccount | undefined, ev: GoogleEvent) {
  const eid = Buffer.from(`${ev.id} ${cal.id}`).toString("base64url");
  return {
    kind: "calendar#event",
    etag: eventEtag(ev),
    id: ev.id,
    ...ev.fields,
    htmlLink: `https://www.google.com/calendar/event?eid=${eid}`,
    created: iso(ev.created),
    updated: iso(ev.updated),
    creator: { email: account?.email ?? cal.id, self: true },
    organizer: { email: cal.id, displayName: cal.summary, self: true },
    iCalUID: ev.iCalUID,
    sequence: ev.sequence,
    eventType: "default",
  };
}

export const calendarEtag = (cal: GoogleCalendar) => `"${cal.changeSeq}${cal.syncEpoch}"`;

/** A calendar as `calendars.get` returns it. */
export function calendarResource(cal: GoogleCalendar) {
  return {
    kind: "calendar#calendar",
    etag: calendarEtag(cal),
    id: cal.id,
    summary: cal.summary,
    ...(cal.description ? { description: cal.description } : {}),
    timeZone: cal.timeZone,
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  };
}

/** A calendar as an entry of the user's calendar list. */
export function calendarListEntry(cal: GoogleCalendar) {
  return {
    ...calendarResource(cal),
    kind: "calendar#calendarListEntry",
    colorId: "14",
    backgroundColor: "#9fe1e7",
    foregroundColor: "#000000",
    selected: true,
    accessRole: "owner",
    defaultReminders: cal.primary ? [{ method: "popup", minutes: 10 }] : [],
    ...(cal.primary ? { primary: true } : {}),
  };
}
