import type { Context, Hono } from "hono";
import { badSendUpdates, eventBody, eventReply, pathCalendar, pathEvent } from "./api-helpers.ts";
import type { GoogleEnv } from "./env.ts";
import { googleError } from "./errors.ts";
import { type EventFields, type EventInput, patchedFields, replacedFields } from "./event-input.ts";
import { changeEvent, deleteEvent, eventEtag, insertEvent } from "./event-store.ts";
import type { GoogleState } from "./state.ts";

const EVENTS = "/calendar/v3/calendars/:calendarId/events";
const EVENT = `${EVENTS}/:eventId`;

/** events.insert, get, patch, update and delete. */
export function eventsRoutes(app: Hono<GoogleEnv>, state: GoogleState): void {
  const now = () => state.clock.now();

  app.post(EVENTS, async (c) => {
    const cal = pathCalendar(c, state);
    if (cal instanceof Response) return cal;
    const input = badSendUpdates(c) ?? (await eventBody(c));
    if (input instanceof Response) return input;
    return eventReply(c, state, cal, insertEvent(cal, input, now()));
  });

  app.get(EVENT, (c) => {
    const cal = pathCalendar(c, state);
    if (cal instanceof Response) return cal;
    const ev = pathEvent(c, cal, false);
    if (ev instanceof Response) return ev;
    if (c.req.header("if-none-match") === eventEtag(ev)) return c.body(null, 304);
    return eventReply(c, state, cal, ev);
  });

  const modify = (merge: (old: EventFields, input: EventInput) => EventFields) => async (c: Context<GoogleEnv>) => {
    const cal = pathCalendar(c, state);
    if (cal instanceof Response) return cal;
    const ev = pathEvent(c, cal, true);
    if (ev instanceof Response) return ev;
    const input = badSendUpdates(c) ?? (await eventBody(c));
    if (input instanceof Response) return input;
    if (input.id !== undefined && input.id !== ev.id)
      return googleError(c, 400, { reason: "invalid", message: "The event id in the body does not match the path.", location: "id" });
    return eventReply(c, state, cal, changeEvent(cal, ev, merge(ev.fields, input), now()));
  };
  app.patch(EVENT, modify(patchedFields));
  app.put(EVENT, modify(replacedFields));

  app.delete(EVENT, (c) => {
    const cal = pathCalendar(c, state);
    if (cal instanceof Response) return cal;
    const ev = pathEvent(c, cal, true);
    if (ev instanceof Response) return ev;
    const bad = badSendUpdates(c);
    if (bad) return bad;
    const failure = deleteEvent(cal, ev, now());
    return failure ? googleError(c, failure.status, failure) : c.body(null, 204);
  });
}
