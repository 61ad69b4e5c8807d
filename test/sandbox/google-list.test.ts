import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import { calendarFor, googleFailure, hour, useGoogle } from "../helpers/google.ts";

/** events.list: pages, sync tokens and filters, through the official client. */
describe("sandbox: Google Calendar events.list", () => {
  const g = useGoogle();
  const sb = g.sb;
  const calendarId = "primary";

  /** Seeds events through the control API; returns their ids in order. */
  async function seed(events: calendar_v3.Schema$Event[]): Promise<string[]> {
    const res = await fetch(`${sb.url}/__sandbox/google/calendars/${encodeURIComponent(g.minted.calendar_id)}/events`, {
      method: "POST",
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { event_ids: string[] }).event_ids;
  }

  /** Every page of a listing, following nextPageToken; returns the ids per page and the final sync token. */
  async function pages(params: calendar_v3.Params$Resource$Events$List) {
    const out: string[][] = [];
    let pageToken: string | undefined;
    for (;;) {
      const { data } = await g.cal.events.list({ calendarId, ...params, pageToken });
      out.push((data.items ?? []).map((e) => e.id as string));
      if (!data.nextPageToken) {
        expect(data.nextSyncToken).toEqual(expect.any(String));
        return { pages: out, syncToken: data.nextSyncToken as string };
      }
      expect(data.nextSyncToken).toBeUndefined();
      pageToken = data.nextPageToken;
    }
  }

  it("pages in order with maxResults (default 250), and orders by start time or last change", async () => {
    const ids = await seed(Array.from({ length: 7 }, (_, i) => ({ summary: `e${i}`, start: hour(20 - i), end: hour(21 - i) })));
    expect((await pages({ maxResults: 3 })).pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect((await pages({})).pages).toEqual([ids]);
    const byStart = await pages({ singleEvents: true, orderBy: "startTime", maxResults: 4 });
    expect(byStart.pages.flat()).toEqual([...ids].reverse());
    await g.cal.events.patch({ calendarId, eventId: ids[0] as string, requestBody: { summary: "moved last" } });
    expect((await pages({ orderBy: "updated" })).pages.flat().at(-1)).toBe(ids[0]);
    await expect(g.cal.events.list({ calendarId, orderBy: "startTime" })).rejects.toMatchObject(googleFailure(400, "invalid"));
    await expect(g.cal.events.list({ calendarId, maxResults: 0 })).rejects.toMatchObject(googleFailure(400, "invalid"));
    await expect(g.cal.events.list({ calendarId, pageToken: "garbage" })).rejects.toMatchObject(googleFailure(400, "invalid"));
  });

  it("lists exactly the changes since a sync token, deleted events as cancelled, across pages", async () => {
    const [a, b, c] = await seed([1, 2, 3].map((d) => ({ summary: `s${d}`, start: hour(9, d), end: hour(10, d) })));
    const full = await pages({ maxResults: 2 });
    expect(full.pages.flat()).toEqual([a, b, c]);
    const empty = await pages({ syncToken: full.syncToken });
    expect(empty.pages).toEqual([[]]);

    const inserted = (await g.cal.events.insert({ calendarId, requestBody: { summary: "new", start: hour(9), end: hour(10) } })).data.id;
    await g.cal.events.patch({ calendarId, eventId: a as string, requestBody: { summary: "s1!" } });
    await g.cal.events.delete({ calendarId, eventId: b as string });
    const changes = await g.cal.events.list({ calendarId, syncToken: full.syncToken, maxResults: 2 });
    const rest = await g.cal.events.list({ calendarId, syncToken: full.syncToken, pageToken: changes.data.nextPageToken as string });
    const seen = [...(changes.data.items ?? []), ...(rest.data.items ?? [])].map((e) => [e.id, e.status, e.summary]);
    expect(seen).toEqual([
      [a, "confirmed", "s1!"],
      [b, "cancelled", "s2"],
      [inserted, "confirmed", "new"],
    ]);
    const next = rest.data.nextSyncToken as string;
    expect((await g.cal.events.list({ calendarId, syncToken: next })).data.items).toEqual([]);
    expect((await g.cal.events.list({ calendarId })).data.items?.map((e) => e.id)).not.toContain(b);
    expect((await g.cal.events.list({ calendarId, showDeleted: true })).data.items?.map((e) => e.id)).toContain(b);
  });

  it("answers 410 fullSyncRequired for an expired, foreign or made-up sync token, and 400 for forbidden combinations", async () => {
    await seed([{ start: hour(9), end: hour(10) }]);
    const { syncToken } = await pages({});
    const expire = await fetch(`${sb.url}/__sandbox/google/sync-tokens/expire`, {
      method: "POST",
      body: JSON.stringify({ calendar_id: g.minted.calendar_id }),
    });
    expect(await expire.json()).toEqual({ calendars: 1 });
    await expect(g.cal.events.list({ calendarId, syncToken })).rejects.toMatchObject(googleFailure(410, "fullSyncRequired"));
    await expect(g.cal.events.list({ calendarId, syncToken: "made-up" })).rejects.toMatchObject(googleFailure(410, "fullSyncRequired"));
    const other = await sb.mintGoogle();
    const foreign = (await calendarFor(sb.url, other).cal.events.list({ calendarId: "primary" })).data.nextSyncToken as string;
    await expect(g.cal.events.list({ calendarId, syncToken: foreign })).rejects.toMatchObject(googleFailure(410, "fullSyncRequired"));
    const fresh = (await pages({})).syncToken;
    await expect(g.cal.events.list({ calendarId, syncToken: fresh, timeMin: "2026-01-01T00:00:00Z" })).rejects.toMatchObject(
      googleFailure(400, "invalid"),
    );
  });

  it("filters by time window (timeMin against end, timeMax against start), extended property, iCalUID, updatedMin and text", async () => {
    const [early, late, allDay] = await seed([
      { summary: "Early", start: hour(8), end: hour(9), extendedProperties: { private: { ferryId: "x1", kind: "task" } } },
      { summary: "Late", start: hour(17), end: hour(18), extendedProperties: { private: { ferryId: "x2", kind: "task" } } },
      { summary: "Holiday", start: { date: "2026-03-11" }, end: { date: "2026-03-12" }, iCalUID: "holiday@example.com" },
    ]);
    const ids = async (p: calendar_v3.Params$Resource$Events$List) =>
      ((await g.cal.events.list({ calendarId, ...p })).data.items ?? []).map((e) => e.id);
    expect(await ids({ timeMin: "2026-03-10T09:00:00Z" })).toEqual([late, allDay]);
    expect(await ids({ timeMin: "2026-03-10T08:59:00Z", timeMax: "2026-03-10T17:00:00Z" })).toEqual([early]);
    expect(await ids({ timeMin: "2026-03-11T12:00:00Z", timeMax: "2026-03-11T13:00:00Z" })).toEqual([allDay]);
    expect(await ids({ privateExtendedProperty: ["ferryId=x2"] })).toEqual([late]);
    expect(await ids({ privateExtendedProperty: ["kind=task", "ferryId=x1"] })).toEqual([early]);
    expect(await ids({ iCalUID: "holiday@example.com" })).toEqual([allDay]);
    expect(await ids({ q: "holi" })).toEqual([allDay]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await ids({ updatedMin: future })).toEqual([]);
    await g.cal.events.delete({ calendarId, eventId: early as string });
    expect(await ids({ updatedMin: "2020-01-01T00:00:00Z" })).toEqual([early, late, allDay]);
    await expect(ids({ timeMin: "2026-03-10T10:00:00Z", timeMax: "2026-03-10T09:00:00Z" })).rejects.toMatchObject(
      googleFailure(400, "timeRangeEmpty"),
    );
    await expect(ids({ timeMin: "yesterday" })).rejects.toMatchObject(googleFailure(400, "invalid"));
  });
});
