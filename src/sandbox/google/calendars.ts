import type { Hono } from "hono";
import { pathCalendar } from "./api-helpers.ts";
import type { GoogleEnv } from "./env.ts";
import { calendarListEntry, calendarResource } from "./resources.ts";
import type { GoogleState } from "./state.ts";

/** calendars.get (`primary` works) and calendarList.list (every calendar of the caller's account, one page). */
export function calendarsRoutes(app: Hono<GoogleEnv>, state: GoogleState): void {
  app.get("/calendar/v3/calendars/:calendarId", (c) => {
    const cal = pathCalendar(c, state);
    return cal instanceof Response ? cal : c.json(calendarResource(cal));
  });

  app.get("/calendar/v3/users/me/calendarList", (c) => {
    const accountId = c.get("googleAccess").accountId;
    const mine = [...state.calendars.values()].filter((cal) => cal.accountId === accountId);
    return c.json({
      kind: "calendar#calendarList",
      etag: `"${mine.reduce((n, cal) => n + cal.changeSeq, mine.length)}"`,
      nextSyncToken: Buffer.from(`calendarList:${accountId}`).toString("base64url"),
      items: mine.map(calendarListEntry),
    });
  });
}
