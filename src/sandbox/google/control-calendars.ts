import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../core/env.ts";
import { parsedBody } from "../core/json.ts";
import { controlError } from "./errors.ts";
import { eventInput } from "./event-input.ts";
import { insertEvent, isFailure } from "./event-store.ts";
import { eventResource } from "./resources.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleCalendar } from "./types.ts";

const events = z.array(eventInput).max(2500);

const calendarBody = z
  .object({
    account_id: z.string().optional(),
    access_token: z.string().optional(),
    summary: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    time_zone: z.string().min(1).max(100).optional(),
    events: events.optional(),
  })
  .strict()
  .refine((b) => (b.account_id === undefined) !== (b.access_token === undefined), "name the account by account_id or access_token");

const eventsBody = z.object({ events }).strict();
const expireBody = z.object({ calendar_id: z.string().optional() }).strict();

/** Seeding calendars and events, reading them back, and expiring sync tokens. */
export function googleCalendarControlRoutes(app: Hono<SandboxEnv>, state: GoogleState): void {
  const g = () => state;

  /** Inserts seed events as the API would, stopping at the first one it refuses. */
  const seed = (cal: GoogleCalendar, list: z.infer<typeof events>): string[] | string => {
    const ids: string[] = [];
    for (const [i, input] of list.entries()) {
      const ev = insertEvent(cal, input, state.clock.now());
      if (isFailure(ev)) return `events.${i}: ${ev.reason}: ${ev.message}`;
      ids.push(ev.id);
    }
    return ids;
  };

  app.post("/__sandbox/google/calendars", async (c) => {
    const p = await parsedBody(c, calendarBody);
    if (p instanceof Response) return p;
    const accountId = p.account_id ?? (p.access_token ? g().accessTokens.get(p.access_token)?.accountId : undefined);
    if (!accountId || !g().accounts.has(accountId)) return controlError(c, 404, "not_found", "no such Google account or token");
    const cal = g().createCalendar(accountId, { summary: p.summary, description: p.description, timeZone: p.time_zone });
    const ids = seed(cal, p.events ?? []);
    if (typeof ids === "string") return controlError(c, 400, "validation_error", ids);
    return c.json({ calendar_id: cal.id, event_ids: ids }, 201);
  });

  app.post("/__sandbox/google/calendars/:calendarId/events", async (c) => {
    const cal = g().calendars.get(c.req.param("calendarId"));
    if (!cal) return controlError(c, 404, "not_found", "no such calendar");
    const p = await parsedBody(c, eventsBody);
    if (p instanceof Response) return p;
    const ids = seed(cal, p.events);
    if (typeof ids === "string") return controlError(c, 400, "validation_error", ids);
    return c.json({ calendar_id: cal.id, event_ids: ids }, 201);
  });

  app.get("/__sandbox/google/calendars", (c) =>
    c.json({
      calendars: [...g().calendars.values()].map((cal) => ({
        id: cal.id,
        account_id: cal.accountId,
        summary: cal.summary,
        primary: cal.primary,
        time_zone: cal.timeZone,
        events: [...cal.events.values()].map((ev) => eventResource(cal, g().accounts.get(cal.accountId), ev)),
      })),
    }),
  );

  app.post("/__sandbox/google/sync-tokens/expire", async (c) => {
    const p = await parsedBody(c, expireBody);
    if (p instanceof Response) return p;
    const cals = [...g().calendars.values()].filter((cal) => !p.calendar_id || cal.id === p.calendar_id);
    for (const cal of cals) cal.syncEpoch++;
    return c.json({ calendars: cals.length });
  });
}
