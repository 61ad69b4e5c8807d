import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FerryApp } from "../../../src/api/types.ts";
import { upsertUser } from "../../../src/connections/users.ts";
import { buildRegistry, catalog } from "../../../src/jobs/catalog.ts";
import { silentLogger } from "../../../src/logger.ts";
import { WorkerPool } from "../../../src/queue/pool.ts";
import { Queue } from "../../../src/queue/queue.ts";
import { API_TOKEN, testApp } from "../../helpers/api.ts";
import { type CalendarFixture, calendarFixture } from "../../helpers/calendar.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

const sb = useSandbox();

type Json = { data?: Record<string, unknown> & { id?: string }; error?: { code: string; details?: { issues?: Array<{ field: string }> } } };

/** The outbox over the HTTP API with a worker pool: a new row wakes its user's drain (the trigger), no poll needed. */
describe("calendar sync API", () => {
  let t: TestDb;
  let f: CalendarFixture;
  let app: FerryApp;
  let pool: WorkerPool;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const op = (sourceId: string, over: object = {}) => ({
    operation: "UPSERT_EVENT",
    workspaceId: f.user.userId,
    calendarId: f.user.calendarId,
    sourceType: "project_review",
    sourceId,
    eventType: "REVIEW",
    event: { title: `Review ${sourceId}`, start: "2026-05-04T09:00:00Z", end: "2026-05-04T10:00:00Z", isAllDay: false },
    ...over,
  });
  const settled = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const row = (await call("GET", `/v1/calendar/outbox/items/${id}`)).body.data;
      if (row && (row.status === "COMPLETED" || row.status === "DEAD_LETTER")) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`outbox row ${id} did not finish`);
  };

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await calendarFixture(t.db, sb.url);
    const logger = silentLogger();
    const { registry, handlers } = buildRegistry(catalog({ logger, sync: f.deps, engines: { calendar: f.options } }));
    await registry.publish(t.db);
    const queue = new Queue({ db: t.db, registry, clock: f.clock });
    pool = new WorkerPool({ queue, handlers, logger, concurrency: 2, batchSize: 5, leaseMs: 30_000, pollIntervalMs: 60_000 });
    await pool.start();
    app = testApp(t, { queue, handlers, logger });
  }, 60_000);
  afterAll(async () => {
    await pool?.stop(5000);
    await t?.drop();
  });

  it("POST /v1/calendar/outbox queues seed 002's payload; a drain wakes at once and applies it", async () => {
    const res = await call("POST", "/v1/calendar/outbox", op("r1"));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: "PENDING", operation: "UPSERT_EVENT", user_id: f.user.userId, source_id: "r1" });
    const row = await settled(res.body.data?.id as string);
    expect(row).toMatchObject({ status: "COMPLETED", attempts: 1, result: { action: "created" } });
    expect((await f.events()).map((e) => e.summary)).toEqual(["Review r1"]);
  });

  it("a batch is queued in order, all or nothing; a bad payload names the field and queues nothing", async () => {
    const before = (await call("GET", "/v1/calendar/outbox/stats")).body.data?.by_status;
    const bad = await call("POST", "/v1/calendar/outbox/batch", {
      operations: [op("b1"), op("b2", { event: { title: "x", start: "2026-05-04T10:00:00Z", end: "2026-05-04T09:00:00Z" } })],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.issues?.map((i) => i.field)).toEqual(["body.operations.1.event.end"]);
    expect((await call("GET", "/v1/calendar/outbox/stats")).body.data?.by_status).toEqual(before);
    const single = await call("POST", "/v1/calendar/outbox", { ...op("b3"), event: { title: "x", start: "soon", end: "later" } });
    expect(single.body.error?.details?.issues?.map((i) => i.field).sort()).toEqual(["body.event.end", "body.event.start"]);

    const ok = await call("POST", "/v1/calendar/outbox/batch", {
      operations: [
        op("b1"),
        {
          operation: "CANCEL_EVENT",
          workspaceId: f.user.userId,
          calendarId: f.user.calendarId,
          sourceType: "project_review",
          sourceId: "b1",
        },
      ],
    });
    expect(ok.status).toBe(201);
    const ids = ok.body.data?.ids as string[];
    expect(Number(ids[1])).toBeGreaterThan(Number(ids[0]));
    for (const id of ids) await settled(id);
    expect((await f.events()).map((e) => e.summary)).toEqual(["Review r1"]);
  });

  it("refuses unknown users (404) and users without calendar_sync (403)", async () => {
    const unknown = await call("POST", "/v1/calendar/outbox", { ...op("u"), workspaceId: "nobody-ws" });
    expect(unknown.status).toBe(404);
    await upsertUser(t.db, { id: "notion-only", entitlements: ["notion_sync"], tier: "free", metadata: {} });
    expect((await call("POST", "/v1/calendar/outbox", { ...op("u"), userId: "notion-only" })).status).toBe(403);
  });

  it("dead letters are counted, listed, replayed and discarded; old finished rows are cleaned up", async () => {
    const res = await call("POST", "/v1/calendar/outbox", { ...op("lost"), calendarId: "missing@example.com" });
    const dead = await settled(res.body.data?.id as string);
    expect(dead).toMatchObject({ status: "DEAD_LETTER", dead_letter_reason: "not_found" });
    expect((await call("GET", "/v1/calendar/outbox/stats")).body.data).toMatchObject({
      by_status: { DEAD_LETTER: 1 },
      waiting_for_connection: 0,
    });
    const listed = await call("GET", "/v1/calendar/outbox/dead-letters?limit=10");
    expect((listed.body.data as unknown as Array<{ id: string }>).map((r) => r.id)).toEqual([dead.id]);

    expect((await call("POST", "/v1/calendar/outbox/dead-letters/replay", {})).status).toBe(400);
    const replayed = await call("POST", "/v1/calendar/outbox/dead-letters/replay", { ids: [dead.id] });
    expect(replayed.body.data).toEqual({ replayed: [dead.id] });
    // Replayed, it runs again (and fails again: the calendar still does not exist).
    await new Promise((r) => setTimeout(r, 100));
    const again = await settled(dead.id as string);
    expect(again).toMatchObject({ status: "DEAD_LETTER", attempts: 1 });
    expect((await call("POST", "/v1/calendar/outbox/dead-letters/discard", { all: true })).body.data).toEqual({ discarded: [dead.id] });
    expect((await call("GET", `/v1/calendar/outbox/items/${dead.id}`)).status).toBe(404);

    expect((await call("POST", "/v1/calendar/outbox/cleanup", { older_than_days: 1 })).body.data).toEqual({ deleted: 0 });
    f.clock.advance(2 * 86_400_000);
    const cleaned = await call("POST", "/v1/calendar/outbox/cleanup", { older_than_days: 1 });
    expect(cleaned.body.data?.deleted).toBeGreaterThan(0);
    expect((await call("GET", "/v1/calendar/outbox/stats")).body.data?.by_status).toMatchObject({ COMPLETED: 0, DEAD_LETTER: 0 });
  });
});
