import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/app.ts";
import { FakeClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { testQueue } from "../helpers/queue.ts";

const SECRET = "s3cret-s3cret-s3cret";

describe("HTTP app", () => {
  let t: TestDb;
  let q: Awaited<ReturnType<typeof testQueue>>;
  const app = (db?: Db) =>
    buildApp({
      db: db ?? t.db,
      queue: q.queue,
      handlers: q.handlers,
      logger: silentLogger(),
      version: "test",
      worker: { secret: SECRET, leaseMs: 30_000, concurrency: 4 },
    });
  beforeAll(async () => {
    t = await testDb();
    q = await testQueue(t.db, { clock: new FakeClock(Date.now()) });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("answers /health with the database status, and 503 when the database is down", async () => {
    const res = await app().request("/health", { headers: { "X-Request-Id": "req-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-1");
    expect(await res.json()).toMatchObject({ data: { status: "ok", database: { driver: t.kind } } });
    const down = { ...t.db, query: async () => Promise.reject(new Error("connection refused")) } as Db;
    const res2 = await app(down).request("/health");
    expect(res2.status).toBe(503);
    const body = (await res2.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe("database_unavailable");
    expect(body.error.request_id).toBe(res2.headers.get("x-request-id"));
  });

  it("puts unknown routes in the error envelope", async () => {
    const res = await app().request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("rejects the worker trigger without the right secret", async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: "Bearer wrong-secret-wrong" },
      { Authorization: `Basic ${SECRET}` },
      { "X-Worker-Secret": "" },
    ];
    for (const headers of attempts) {
      const res = await app().request("/api/worker/process-jobs", { method: "POST", headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("processes a bounded batch with the secret and returns counts", async () => {
    q.behaviour.current = async () => {};
    await q.queue.enqueueMany(Array.from({ length: 7 }, (_, n) => ({ type: "test.work", payload: { n } })));
    const res = await app().request("/api/worker/process-jobs", {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET}`, "Content-Type": "application/json" },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { claimed: 5, completed: 5, retried: 0, dead_lettered: 0 } });
    const again = await app().request("/api/worker/process-jobs", { method: "POST", headers: { "X-Worker-Secret": SECRET } });
    expect(await again.json()).toMatchObject({ data: { claimed: 2, completed: 2 } });
  });

  it("answers bad trigger input with a named field, and is disabled without WORKER_SECRET", async () => {
    const res = await app().request("/api/worker/process-jobs", {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET}` },
      body: '{"limit": 0}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", details: { issues: [{ field: "body.limit" }] } } });
    const bad = await app().request("/api/worker/process-jobs", {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET}` },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    const disabled = buildApp({
      db: t.db,
      queue: q.queue,
      handlers: q.handlers,
      logger: silentLogger(),
      version: "t",
      worker: { secret: undefined, leaseMs: 1000, concurrency: 1 },
    });
    expect((await disabled.request("/api/worker/process-jobs", { method: "POST" })).status).toBe(503);
  });
});
