import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventIdFor } from "../../../src/sync/calendar/google-event.ts";
import { parseOperation } from "../../../src/sync/calendar/operations.ts";
import { contractDrivers, type TestDb, testDb } from "../../helpers/db.ts";

const upsert = (event: object, extra: object = {}) => ({
  operation: "UPSERT_EVENT",
  workspaceId: "ws-1",
  calendarId: "cal@example.com",
  sourceType: "task",
  sourceId: "t-1",
  eventType: "BLOCKER_DEADLINE",
  event: { title: "Interviews", description: "P1", start: "2025-01-15T14:00:00Z", end: "2025-01-15T15:00:00Z", isAllDay: false, ...event },
  ...extra,
});

const VALID = [
  ["a timed event in UTC (seed 002's example)", upsert({})],
  ["a timed event with offsets", upsert({ start: "2025-01-15T14:00:00+02:00", end: "2025-01-15T13:30:00Z" })],
  ["a local time with a time zone", upsert({ start: "2025-03-30T01:30:00", end: "2025-03-30T03:30:00", timeZone: "Europe/Paris" })],
  ["an all-day event (end exclusive)", upsert({ start: "2025-01-15", end: "2025-01-16", isAllDay: true })],
  ["a cancel", { operation: "CANCEL_EVENT", workspaceId: "w", calendarId: "c", sourceType: "gate_run", sourceId: "g" }],
  ["a rebuild, applied by another user", { operation: "REBUILD_ALL", workspaceId: "w", calendarId: "c", userId: "admin@acme" }],
] as const;

/** Each bad payload, and the field both the API's check and SQL's name. */
const INVALID: ReadonlyArray<readonly [string, unknown, string]> = [
  ["an unknown operation", { operation: "DELETE_EVENT", workspaceId: "w", calendarId: "c" }, "payload.operation"],
  ["no workspace", { operation: "REBUILD_ALL", calendarId: "c" }, "payload.workspaceId"],
  ["a source type seed 002 does not have", upsert({}, { sourceType: "bug" }), "payload.sourceType"],
  ["a month 13", upsert({ start: "2025-13-01T14:00:00Z" }), "payload.event.start"],
  ["a date for a timed event", upsert({ start: "2025-01-15" }), "payload.event.start"],
  ["a date-time for an all-day event", upsert({ isAllDay: true, start: "2025-01-15T00:00:00Z", end: "2025-01-16" }), "payload.event.start"],
  ["end before start", upsert({ end: "2025-01-15T13:00:00Z" }), "payload.event.end"],
  ["end equal to start", upsert({ end: "2025-01-15T14:00:00Z" }), "payload.event.end"],
  [
    "end before start once offsets are applied",
    upsert({ start: "2025-01-15T14:00:00-01:00", end: "2025-01-15T14:30:00Z" }),
    "payload.event.end",
  ],
  ["an all-day event ending the day it starts", upsert({ isAllDay: true, start: "2025-01-15", end: "2025-01-15" }), "payload.event.end"],
  ["a local time without a time zone", upsert({ start: "2025-01-15T14:00:00", end: "2025-01-15T15:00:00" }), "payload.event.start"],
  ["a time zone that does not exist", upsert({ timeZone: "Mars/Olympus" }), "payload.event.timeZone"],
  ["no title", upsert({ title: "" }), "payload.event.title"],
  ["an unknown event field", upsert({ colour: "red" }), "payload.event.colour"],
  [
    "an event on a cancel",
    { operation: "CANCEL_EVENT", workspaceId: "w", calendarId: "c", sourceType: "task", sourceId: "t", event: {} },
    "payload.event",
  ],
  ["a hostile user id", { operation: "REBUILD_ALL", workspaceId: "w", calendarId: "c", userId: "a b; drop" }, "payload.userId"],
];

describe("calendar operations: the API's check", () => {
  it.each(VALID)("accepts %s", (_, payload) => {
    expect(parseOperation(payload)).toMatchObject({ operation: payload.operation });
  });
  it.each(INVALID)("refuses %s, naming the field", (_, payload, field) => {
    expect(() => parseOperation(payload)).toThrow(
      expect.objectContaining({ code: "validation_failed", issues: expect.arrayContaining([expect.objectContaining({ field })]) }),
    );
  });
});

describe.each(contractDrivers)("calendar operations: calendar_enqueue() in SQL (%s)", (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(driver);
  });
  afterAll(async () => {
    await t?.drop();
  });
  const enqueue = (payload: unknown) => t.db.query<{ id: string }>("SELECT calendar_enqueue($1::jsonb) AS id", [JSON.stringify(payload)]);

  it.each(VALID)("accepts %s, the user being userId or else the workspace", async (_, payload) => {
    const { rows } = await enqueue(payload);
    const row = await t.db.query<{ user_id: string; status: string; operation: string }>(
      "SELECT user_id, status, operation FROM calendar_outbox WHERE id = $1",
      [rows[0]?.id],
    );
    expect(row.rows[0]).toEqual({
      user_id: "userId" in payload ? payload.userId : payload.workspaceId,
      status: "PENDING",
      operation: payload.operation,
    });
  });
  it.each(INVALID)("refuses %s, naming the field, and writes nothing", async (_, payload, field) => {
    const before = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM calendar_outbox");
    await expect(enqueue(payload)).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^${field.replaceAll(".", "\\.")}[.:]`)),
    });
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM calendar_outbox")).rows).toEqual(before.rows);
  });
});

describe("event ids", () => {
  it("are base32hex, stable per source and distinct between sources", () => {
    const key = { workspaceId: "w", calendarId: "c", sourceType: "task", sourceId: "1" };
    const id = eventIdFor(key);
    expect(id).toMatch(/^[0-9a-v]{32}$/);
    expect(eventIdFor({ ...key })).toBe(id);
    expect(eventIdFor({ ...key, sourceId: "2" })).not.toBe(id);
    expect(eventIdFor({ ...key, sourceType: "milestone" })).not.toBe(id);
    expect(eventIdFor({ ...key, calendarId: "c2" })).not.toBe(id);
  });
});
