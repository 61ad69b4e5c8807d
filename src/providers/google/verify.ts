import type { ProviderRuntime } from "../runtime.ts";
import { googleCalendarApi } from "./client.ts";
import { classifyGoogleError } from "./errors.ts";

/** `events.list` on the primary calendar (one event), allowed by the calendar.events scope, through the shared limiter. */
export function googleVerify(rt: ProviderRuntime, apiRootUrl: string) {
  return async (accessToken: string, who: { connectionId: string; externalId: string }): Promise<Record<string, unknown>> => {
    const cal = googleCalendarApi(rt, apiRootUrl, { token: accessToken, accountId: who.externalId });
    try {
      const res = await cal.events.list({ calendarId: "primary", maxResults: 1 });
      return { primary_calendar: res.data.summary ?? null, time_zone: res.data.timeZone ?? null };
    } catch (err) {
      throw classifyGoogleError(err);
    }
  };
}
