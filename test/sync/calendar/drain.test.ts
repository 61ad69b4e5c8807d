import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionRow } from "../../../src/connections/store.ts";
import { eventIdFor } from "../../../src/sync/calendar/google-event.ts";
import { type CalendarFixture, calendarFixture } from "../../helpers/calendar.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

const sb = useSandbox();

const WS = "ws-acme";
const upsert = (sourceId: string, event: object = {}, sourceType = "task") => ({
  operation: "UPSERT_EVENT",
  workspaceId: WS,
  calendarId: "", // set per test: the account's primary calendar
  sourceType,
  sourceId,
  eventType: "BLOCKER_DEADLINE",
  event: {
    title: `Task ${sourceId}`,
    description: "P1 blocking task",
    start: "2026-01-15T14:00:00Z",
    end: "2026-01-15T15:00:00Z",
    isAllDay: false,
    ...event,
  },
});
const cancel = (sourceId: string, sourceType = "task") => ({
  operation: "CANCEL_EVENT",
  workspaceId: WS,
  calendarId: "",
  sourceType,
  sourceId,
});

describe("calendar sync: the outbox into Google Calendar (sandbox)", () => {
  let t: TestDb;
  let f: CalendarFixture;
  const on = <T extends { calendarId: string }>(op: T): T => ({ ...op, calendarId: f.user.calendarId });
  const put = (...ops: Array<{ calendarId: string; [k: string]: unknown }>) => f.enqueue(...ops.map(on));

  beforeEach(async () => {
    t = await testDb();
    await sb.reset();
    f = await calendarFixture(t.db, sb.url);
  });
  afterEach(async () => {
    await t?.drop();
  });

  it("an upsert creates the event; a second updates the same event; a cancel deletes it; an upsert after it restores it", async () => {
    await put(upsert("t1"));
    expect(await f.drain()).toMatchObject({ completed: 1, deadLettered: 0 });
    const [created] = await f.events();
    expect(created).toMatchObject({
      id: eventIdFor({ workspaceId: WS, calendarId: f.user.calendarId, sourceType: "task", sourceId: "t1" }),
      summary: "Task t1",
      description: "P1 blocking task",
      start: { dateTime: "2026-01-15T14:00:00Z" },
      end: { dateTime: "2026-01-15T15:00:00Z" },
      extendedProperties: { private: { ferry: "1", ferryWorkspace: WS, ferrySource: "task:t1", ferryEventType: "BLOCKER_DEADLINE" } },
    });

    await put(upsert("t1", { title: "Renamed", end: "2026-01-15T16:00:00Z" }));
    await f.drain();
    const after = await f.events();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: created?.id, summary: "Renamed", end: { dateTime: "2026-01-15T16:00:00Z" } });

    await put(cancel("t1"));
    await f.drain();
    expect(await f.events()).toEqual([]);
    expect((await f.events({ showDeleted: true }))[0]).toMatchObject({ id: created?.id, status: "cancelled" });

    await put(upsert("t1", { title: "Back" }));
    await f.drain();
    expect((await f.events()).map((e) => [e.id, e.summary, e.status])).toEqual([[created?.id, "Back", "confirmed"]]);
    expect((await f.rows()).map((r) => [r.status, (r.result as { action: string }).action])).toEqual([
      ["COMPLETED", "created"],
      ["COMPLETED", "updated"],
      ["COMPLETED", "cancelled"],
      ["COMPLETED", "updated"],
    ]);
  });

  it("all-day and timed events, offsets and time zones reach Google as given", async () => {
    await put(
      upsert("day", { isAllDay: true, start: "2026-02-01", end: "2026-02-03" }, "milestone"),
      upsert("paris", { start: "2026-03-29T01:30:00", end: "2026-03-29T03:30:00", timeZone: "Europe/Paris" }),
      upsert("offset", { start: "2026-01-15T09:00:00-05:00", end: "2026-01-15T10:00:00-05:00" }, "gate_run"),
    );
    expect(await f.drain()).toMatchObject({ completed: 3 });
    const bySource = Object.fromEntries((await f.events()).map((e) => [e.extendedProperties?.private?.ferrySource, e]));
    expect(bySource["milestone:day"]).toMatchObject({ start: { date: "2026-02-01" }, end: { date: "2026-02-03" } });
    expect(bySource["milestone:day"]?.start?.dateTime).toBeUndefined();
    expect(bySource["task:paris"]).toMatchObject({
      start: { dateTime: expect.stringMatching(/^2026-03-29T01:30:00/), timeZone: "Europe/Paris" },
      end: { timeZone: "Europe/Paris" },
    });
    const offset = bySource["gate_run:offset"];
    expect(Date.parse(offset?.start?.dateTime ?? "")).toBe(Date.parse("2026-01-15T14:00:00Z"));
  });

  it("the same operation delivered twice yields one event", async () => {
    await put(upsert("dup"), upsert("dup"));
    await f.drain();
    expect(await f.events()).toHaveLength(1);
    expect((await f.rows()).map((r) => r.status)).toEqual(["COMPLETED", "COMPLETED"]);
  });

  it("an insert that landed before a crash is found again (409), not doubled; rows a dead drain held are taken back", async () => {
    const key = { workspaceId: WS, calendarId: f.user.calendarId, sourceType: "task", sourceId: "crash" };
    // The first attempt inserted the event, then died before recording anything.
    await f.cal.events.insert({
      calendarId: f.user.calendarId,
      requestBody: {
        id: eventIdFor(key),
        summary: "half done",
        start: { dateTime: "2026-01-15T14:00:00Z" },
        end: { dateTime: "2026-01-15T15:00:00Z" },
        extendedProperties: { private: { ferry: "1" } },
      },
    });
    const [id] = await put(upsert("crash"));
    await t.db.query("UPDATE calendar_outbox SET status = 'PROCESSING', claimed_by = 'dead-drain:1', attempts = 1 WHERE id = $1", [id]);
    expect(await f.drain()).toMatchObject({ completed: 1 });
    const events = await f.events();
    expect(events.map((e) => [e.id, e.summary])).toEqual([[eventIdFor(key), "Task crash"]]);
    expect((await f.rows())[0]).toMatchObject({ status: "COMPLETED", attempts: 2, result: { action: "updated" } });
  });

  it("operations for one source apply in the order written, whatever the batch", async () => {
    await put(upsert("o", { title: "v1" }), cancel("o"), upsert("o", { title: "v2" }), upsert("p", { title: "other" }), cancel("p"));
    await f.drain();
    const rows = await t.db.query<{ id: string; processed_at: Date }>(
      "SELECT id, processed_at FROM calendar_outbox WHERE source_id = 'o' ORDER BY processed_at, id",
    );
    expect(rows.rows.map((r) => Number(r.id))).toEqual([...rows.rows.map((r) => Number(r.id))].sort((a, b) => a - b));
    const events = await f.events();
    expect(events.map((e) => e.summary)).toEqual(["v2"]);
  });

  it("REBUILD_ALL cancels Ferry's events and recreates them from the bindings; events Ferry did not make are untouched", async () => {
    await put(upsert("a", { title: "A" }), upsert("b", { title: "B" }), upsert("c", { title: "C" }), cancel("c"));
    // Another workspace's event on the same calendar (applied by the same user): not this rebuild's.
    await put({ ...upsert("a", { title: "Other workspace" }), workspaceId: "ws-other", userId: f.user.userId });
    await f.drain();
    const other = (await f.events()).find((e) => e.summary === "Other workspace");
    expect(other).toBeDefined();
    const ids = Object.fromEntries((await f.events()).map((e) => [e.summary, e.id as string]));
    // The user meddles: renames A, deletes B; and has an event of their own.
    await f.cal.events.patch({ calendarId: f.user.calendarId, eventId: ids.A as string, requestBody: { summary: "renamed by hand" } });
    await f.cal.events.delete({ calendarId: f.user.calendarId, eventId: ids.B as string });
    const mine = await f.cal.events.insert({
      calendarId: f.user.calendarId,
      requestBody: { summary: "dentist", start: { dateTime: "2026-01-20T10:00:00Z" }, end: { dateTime: "2026-01-20T11:00:00Z" } },
    });
    await put({ operation: "REBUILD_ALL", workspaceId: WS, calendarId: "" });
    expect(await f.drain()).toMatchObject({ completed: 1, deadLettered: 0 });
    expect((await f.rows()).at(-1)?.result).toEqual({ action: "rebuilt", cancelled: 1, recreated: 2 });
    const after = await f.events();
    expect(after.map((e) => [e.id, e.summary, e.status]).sort()).toEqual(
      [
        [ids.A, "A", "confirmed"],
        [ids.B, "B", "confirmed"],
        [other?.id, "Other workspace", "confirmed"],
      ].sort(),
    );
    const untouched = await f.cal.events.get({ calendarId: f.user.calendarId, eventId: other?.id as string });
    expect(untouched.data.sequence).toBe(0);
    const own = await f.cal.events.get({ calendarId: f.user.calendarId, eventId: mine.data.id as string });
    expect(own.data).toMatchObject({ summary: "dentist", status: "confirmed", sequence: 0 });
  });

  it("a revoked grant marks the connection invalid and dead-letters without retry; the other rows wait", async () => {
    await put(upsert("r1"), upsert("r2", {}, "milestone"));
    await fetch(`${sb.url}/__sandbox/google/tokens/revoke`, { method: "POST", body: JSON.stringify({ token: f.user.refreshToken }) });
    const counts = await f.drain();
    expect(counts.deadLettered).toBeGreaterThanOrEqual(1);
    const rows = await f.rows();
    expect(rows.filter((r) => r.status === "DEAD_LETTER").map((r) => r.dead_letter_reason)).toContain("auth_revoked");
    expect(rows.every((r) => r.status === "DEAD_LETTER" || r.status === "PENDING")).toBe(true);
    expect(rows.every((r) => r.attempts <= 1)).toBe(true);
    expect((await connectionRow(t.db, f.user.connectionId))?.status).toBe("invalid");
    // Nothing more happens until the user reconnects.
    expect(await f.drain()).toEqual({ completed: 0, retried: 0, deadLettered: 0, released: 0 });
  });

  it("a 429 storm backs off and completes: one event per source, nothing dead-lettered", async () => {
    await fetch(`${sb.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ path: "^/calendar/v3/calendars/.+/events", status: 429, count: 12, retry_after_seconds: 1 }),
    });
    await put(...Array.from({ length: 6 }, (_, i) => upsert(`s${i}`)));
    let counts = await f.drain();
    for (let round = 0; round < 10 && (await f.rows()).some((r) => r.status !== "COMPLETED"); round++) {
      f.clock.advance(3_600_000); // past any backoff
      counts = await f.drain();
    }
    expect(counts.deadLettered).toBe(0);
    const rows = await f.rows();
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill("COMPLETED"));
    expect((await f.events()).length).toBe(6);
    // The storm happened: every injected 429 was answered (and absorbed by the provider layer or the row's backoff).
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?limit=1000`)).json()) as { recent: Array<{ status: number }> };
    expect(log.recent.filter((r) => r.status === 429).length).toBe(12);
  });

  it("a 404 (no such calendar) dead-letters at once", async () => {
    await f.enqueue({ ...upsert("x"), calendarId: "nobody@example.com" });
    expect(await f.drain()).toMatchObject({ deadLettered: 1, retried: 0 });
    expect((await f.rows())[0]).toMatchObject({ status: "DEAD_LETTER", dead_letter_reason: "not_found", attempts: 1 });
  });

  it("other failures back off, then dead-letter after CALENDAR_SYNC_MAX_RETRIES attempts", async () => {
    await fetch(`${sb.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ path: "^/calendar/v3/calendars/.+/events", status: 503 }),
    });
    await put(upsert("down"));
    for (let i = 0; i < 5; i++) {
      await f.drain();
      f.clock.advance(3_600_000);
    }
    const [row] = await f.rows();
    expect(row).toMatchObject({ status: "DEAD_LETTER", dead_letter_reason: "max_attempts_reached", attempts: 5 });
  });
});
