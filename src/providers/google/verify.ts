import type { calendar_v3 } from "@googleapis/calendar";

/** `events.list` on the primary calendar (one event), allowed by the calendar.events scope. */
export async function googleVerify(cal: calendar_v3.Calendar): Promise<Record<string, unknown>> {
  const res = await cal.events.list({ calendarId: "primary", maxResults: 1 });
  return { primary_calendar: res.data.summary ?? null, time_zone: res.data.timeZone ?? null };
}
