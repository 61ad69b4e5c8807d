import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/types.ts";
import { type ApiFixture, apiFixture, WORKER_SECRET } from "../helpers/api.ts";

const SECRET = WORKER_SECRET;
const json = { "Content-Type": "application/json" };

describe("HTTP app", () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture();
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("answers /health with the database status, and 503 when the database is down", async () => {
    const res = await f.app().request("/health", { headers: { "X-Request-Id": "req-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-1");
    expect(await res.json()).toMatchObject({ data: { status: "ok", database: { driver: f.t.kind } } });
    const down = { ...f.t.db, query: async () => Promise.reject(new Error("connection refused")) } as Db;
    const res2 = await f.app({ db: down }).request("/health");
    expect(res2.status).toBe(503);
    const body = (await res2.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe("database_unavailable");
    expect(body.error.request_id).toBe(res2.headers.get("x-request-id"));
  });

  it("puts unknown routes in the error envelope", async () => {
    const res = await f.app().request("/nope");
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
      const res = await f.app().request("/api/worker/process-jobs", { method: "POST", headers, body: "{nope" });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("processes a bounded batch with the secret and returns counts", async () => {
    f.q.behaviour.current = async () => {};
    await f.q.queue.enqueueMany(Array.from({ length: 7 }, (_, n) => ({ type: "test.work", payload: { n } })));
    const res = await f.app().request("/api/worker/process-jobs", {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET}`, ...json },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { claimed: 5, completed: 5, retried: 0, dead_lettered: 0 } });
    // No body at all: the defaults apply (limit 25).
    const again = await f.app().request("/api/worker/process-jobs", { method: "POST", headers: { "X-Worker-Secret": SECRET } });
    expect(await again.json()).toMatchObject({ data: { claimed: 2, completed: 2 } });
  });

  it("answers bad trigger input with a named field, and is disabled without WORKER_SECRET", async () => {
    const headers = { Authorization: `Bearer ${SECRET}`, ...json };
    const res = await f.app().request("/api/worker/process-jobs", { method: "POST", headers, body: '{"limit": 0, "colour": "red"}' });
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as { error: { details: { issues: Array<{ field: string }> } } }).error.details.issues;
    expect(issues.map((i) => i.field).sort()).toEqual(["body.colour", "body.limit"]);
    const bad = await f.app().request("/api/worker/process-jobs", { method: "POST", headers, body: "{nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_json", details: { issues: [{ field: "body" }] } } });
    const disabled = f.app({ worker: { secret: undefined, leaseMs: 1000, concurrency: 1 } });
    expect((await disabled.request("/api/worker/process-jobs", { method: "POST" })).status).toBe(503);
  });
});
