import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import { googleFailure, hour, useGoogle } from "../helpers/google.ts";

/** Calendar v3 events and calendars through the official client. */
describe("sandbox: Google Calendar events", () => {
  const g = useGoogle({ email: "grace@sandbox.test" });
  const sb = g.sb;
  const calendarId = "primary";

  const insert = (requestBody: calendar_v3.Schema$Event) => g.cal.events.insert({ calendarId, requestBody, sendUpdates: "none" });

  it("inserts, reads, patches, updates and deletes, bumping etag, sequence and updated", async () => {
    const created = (await insert({ summary: "Standup", start: hour(9), end: hour(10), location: "Room 1" })).data;
    expect(created).toMatchObject({ kind: "calendar#event", status: "confirmed", summary: "Standup", sequence: 0 });
    expect(created.id).toMatch(/^[a-v0-9]{26}$/);
    const id = created.id as string;
    expect((await g.cal.events.get({ calendarId, eventId: id })).data).toEqual(created);

    const patched = (await g.cal.events.patch({ calendarId, eventId: id, requestBody: { summary: "Daily standup" } })).data;
    expect(patched).toMatchObject({ summary: "Daily standup", location: "Room 1", sequence: 1 });
    expect(patched.etag).not.toBe(created.etag);

    const updated = (
      await g.cal.events.update({ calendarId, eventId: id, requestBody: { summary: "Sync", start: hour(11), end: hour(12) } })
    ).data;
    expect(updated).toMatchObject({ summary: "Sync", start: hour(11), sequence: 2 });
    expect(updated).not.toHaveProperty("location");
    expect(updated.etag).not.toBe(patched.etag);

    const deleted = await g.cal.events.delete({ calendarId, eventId: id, sendUpdates: "all" });
    expect(deleted.status).toBe(204);
    const gone = (await g.cal.events.get({ calendarId, eventId: id })).data;
    expect(gone).toMatchObject({ id, status: "cancelled", summary: "Sync" });
    await expect(g.cal.events.delete({ calendarId, eventId: id })).rejects.toMatchObject(googleFailure(410, "deleted"));
    const restored = (await g.cal.events.patch({ calendarId, eventId: id, requestBody: { status: "confirmed" } })).data;
    expect(restored).toMatchObject({ status: "confirmed", summary: "Sync" });
  });

  it("takes client ids in base32hex, 5 to 1024 long, once per calendar (a deleted id stays taken)", async () => {
    const at = { start: hour(9), end: hour(10) };
    expect((await insert({ id: "meet0abc123", ...at })).data.id).toBe("meet0abc123");
    expect((await insert({ id: "v".repeat(1024), ...at })).data.id).toHaveLength(1024);
    await expect(insert({ id: "meet0abc123", ...at })).rejects.toMatchObject(googleFailure(409, "duplicate"));
    await expect(insert({ id: "meet0abc123", ...at })).rejects.toMatchObject({
      response: expect.objectContaining({
        data: expect.objectContaining({ error: expect.objectContaining({ message: "The requested identifier already exists." }) }),
      }),
    });
    for (const bad of ["abcd", "Meet0abc123", "meet-abc123", "wxyz01234", "v".repeat(1025)])
      await expect(insert({ id: bad, ...at })).rejects.toMatchObject(googleFailure(400, "invalid"));
    await g.cal.events.delete({ calendarId, eventId: "meet0abc123" });
    await expect(insert({ id: "meet0abc123", ...at })).rejects.toMatchObject(googleFailure(409, "duplicate"));
  });

  it("honours If-Match on update and delete with 412 conditionNotMet, and If-None-Match on get with 304", async () => {
    const ev = (await insert({ summary: "A", start: hour(9), end: hour(10) })).data;
    const eventId = ev.id as string;
    const stale = { headers: { "If-Match": '"123"' } };
    await expect(g.cal.events.update({ calendarId, eventId, requestBody: { ...ev, summary: "B" } }, stale)).rejects.toMatchObject(
      googleFailure(412, "conditionNotMet"),
    );
    await expect(g.cal.events.delete({ calendarId, eventId }, stale)).rejects.toMatchObject(googleFailure(412, "conditionNotMet"));
    const ok = await g.cal.events.patch(
      { calendarId, eventId, requestBody: { summary: "B" } },
      { headers: { "If-Match": ev.etag as string } },
    );
    expect(ok.data.summary).toBe("B");
    const cached = await g.cal.events.get({ calendarId, eventId }, { headers: { "If-None-Match": ok.data.etag as string } });
    expect(cached.status).toBe(304);
    await expect(g.cal.events.delete({ calendarId, eventId }, { headers: { "If-Match": ev.etag as string } })).rejects.toMatchObject({
      status: 412,
    });
  });

  it("merges extended properties key by key on patch (null deletes) and replaces them on update", async () => {
    const ev = (await insert({ start: hour(9), end: hour(10), extendedProperties: { private: { a: "1", b: "2" }, shared: { s: "x" } } }))
      .data;
    const eventId = ev.id as string;
    const patch = { extendedProperties: { private: { b: null, c: "3" } } } as unknown as calendar_v3.Schema$Event;
    const patched = (await g.cal.events.patch({ calendarId, eventId, requestBody: patch })).data;
    expect(patched.extendedProperties).toEqual({ private: { a: "1", c: "3" }, shared: { s: "x" } });
    const updated = (
      await g.cal.events.update({
        calendarId,
        eventId,
        requestBody: { start: hour(9), end: hour(10), extendedProperties: { private: { z: "9" } } },
      })
    ).data;
    expect(updated.extendedProperties).toEqual({ private: { z: "9" }, shared: {} });
  });

  it("checks times: required start and end, one kind, and a non-empty range", async () => {
    await expect(insert({ summary: "no times" })).rejects.toMatchObject(googleFailure(400, "required"));
    await expect(insert({ start: hour(10), end: hour(9) })).rejects.toMatchObject(googleFailure(400, "timeRangeEmpty"));
    await expect(insert({ start: { date: "2026-03-10" }, end: hour(9) })).rejects.toMatchObject(googleFailure(400, "invalid"));
    await expect(insert({ start: { date: "2026-03-10" }, end: { date: "2026-03-10" } })).rejects.toMatchObject(
      googleFailure(400, "timeRangeEmpty"),
    );
    await expect(insert({ start: { dateTime: "tomorrow" }, end: hour(9) })).rejects.toMatchObject(googleFailure(400, "invalid"));
    const allDay = (await insert({ start: { date: "2026-03-10" }, end: { date: "2026-03-11" } })).data;
    expect(allDay.start).toEqual({ date: "2026-03-10" });
    const ev = (await insert({ start: hour(9), end: hour(10) })).data;
    await expect(g.cal.events.patch({ calendarId, eventId: ev.id as string, requestBody: { end: hour(8) } })).rejects.toMatchObject(
      googleFailure(400, "timeRangeEmpty"),
    );
    expect((await g.cal.events.get({ calendarId, eventId: ev.id as string })).data.sequence).toBe(0);
  });

  it("answers 404 notFound for unknown events and for calendars of other accounts", async () => {
    await expect(g.cal.events.get({ calendarId, eventId: "unknown00" })).rejects.toMatchObject(googleFailure(404, "notFound"));
    const other = await sb.mintGoogle();
    await expect(g.cal.events.list({ calendarId: other.calendar_id })).rejects.toMatchObject(googleFailure(404, "notFound"));
    await expect(g.cal.calendars.get({ calendarId: "nobody@sandbox.test" })).rejects.toMatchObject(googleFailure(404, "notFound"));
  });

  it("gets calendars by id or primary and lists the account's calendars", async () => {
    const seeded = await fetch(`${sb.url}/__sandbox/google/calendars`, {
      method: "POST",
      body: JSON.stringify({
        account_id: g.minted.account_id,
        summary: "Team",
        time_zone: "Europe/Paris",
        events: [{ summary: "Kickoff", start: hour(9), end: hour(10) }],
      }),
    });
    expect(seeded.status).toBe(201);
    const { calendar_id, event_ids } = (await seeded.json()) as { calendar_id: string; event_ids: string[] };
    expect((await g.cal.calendars.get({ calendarId: "primary" })).data).toMatchObject({ id: "grace@sandbox.test", timeZone: "UTC" });
    expect((await g.cal.calendars.get({ calendarId: calendar_id })).data).toMatchObject({ summary: "Team", timeZone: "Europe/Paris" });
    const list = (await g.cal.calendarList.list()).data;
    expect(list.items?.map((c) => [c.id, c.primary ?? false, c.accessRole])).toEqual([
      ["grace@sandbox.test", true, "owner"],
      [calendar_id, false, "owner"],
    ]);
    const events = (await g.cal.events.list({ calendarId: calendar_id })).data.items ?? [];
    expect(events.map((e) => [e.id, e.summary])).toEqual([[event_ids[0], "Kickoff"]]);
  });
});
