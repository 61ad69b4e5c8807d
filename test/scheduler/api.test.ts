import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, apiFixture, WORKER_SECRET } from "../helpers/api.ts";
import { v1 } from "../helpers/connect.ts";

/** The scheduler over HTTP: tiers checked against SYNC_TIERS, the background switch, the status. */
describe("scheduler API", () => {
  let f: ApiFixture;
  let api: ReturnType<typeof v1>;
  beforeAll(async () => {
    f = await apiFixture();
    api = v1(
      f.app({
        scheduler: {
          tiers: [
            { name: "gold", intervalMs: 5 * 60_000 },
            { name: "basic", intervalMs: 86_400_000 },
          ],
          defaultTier: "basic",
          tickMs: 5000,
          windowMs: 60_000,
          syncNowShare: 0.2,
          maxRunCalls: 150,
        },
      }),
    );
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("refuses a tier SYNC_TIERS does not have, naming the field and the tiers; no tier means the default", async () => {
    const bad = await api("PUT", "/v1/users/ann", { entitlements: ["notion_sync"], tier: "paid" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("body.tier: no tier paid; the tiers are gold, basic"),
    });
    expect(await api("GET", "/v1/users/ann")).toMatchObject({ status: 404 });
    expect(await api("PUT", "/v1/users/ann", { entitlements: ["notion_sync"] })).toMatchObject({
      status: 201,
      body: { data: { tier: "basic" } },
    });
  });

  it("turns background push on, and shows the tier and the next sync in the schedule and the sync status", async () => {
    await api("PUT", "/v1/users/bea", { entitlements: ["notion_sync"], tier: "gold" });
    const put = await api("PUT", "/v1/users/bea/schedules/push", { background: true });
    expect(put).toMatchObject({
      status: 200,
      body: { data: { kind: "push", background: true, tier: "gold", interval_s: 300, last_synced_at: null } },
    });
    const next = Date.parse(String(put.body.data?.next_sync_at));
    // Never synced: due at once.
    expect(Math.abs(next - Date.now())).toBeLessThan(60_000);
    expect(await api("GET", "/v1/users/bea/sync")).toMatchObject({ status: 200, body: { data: { tier: "gold", background: true } } });
    expect(await api("PUT", "/v1/users/bea/schedules/calendar", { background: true })).toMatchObject({ status: 400 });
    expect(await api("PUT", "/v1/users/nobody/schedules/push", { background: true })).toMatchObject({ status: 404 });
    const list = await api("GET", "/v1/users/bea/schedules");
    expect(list.body.data).toEqual([expect.objectContaining({ kind: "push", background: true })]);
  });

  it("runs one tick from seed 001's cron trigger with WORKER_SECRET, and refuses a wrong one (401)", async () => {
    const app = f.app();
    const cron = (secret?: string) =>
      app.request("/notion/cron/sync", { method: "POST", headers: secret ? { authorization: `Bearer ${secret}` } : {} });
    expect((await cron("wrong-secret-wrong-secret")).status).toBe(401);
    expect((await cron()).status).toBe(401);
    const res = await cron(WORKER_SECRET);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      data: { ticked: true, report: { kinds: [expect.objectContaining({ kind: "push" }), expect.objectContaining({ kind: "pull" })] } },
    });
    // The same trigger keeps the lead across calls; over /v1/ it takes the API token.
    expect(await v1(app)("POST", "/v1/scheduler/tick")).toMatchObject({ status: 200, body: { data: { ticked: true } } });
    const off = await f
      .app({ worker: { secret: undefined, leaseMs: 30_000, concurrency: 1 } })
      .request("/notion/cron/sync", { method: "POST" });
    expect(off.status).toBe(503);
  });

  it("reports the scheduler: the trigger's lead, the tiers, the backlog per tier", async () => {
    const res = await api("GET", "/v1/scheduler");
    expect(res).toMatchObject({
      status: 200,
      body: {
        data: {
          leader: { holder: "http-trigger", active: true },
          default_tier: "basic",
          tiers: [
            { name: "gold", interval: "5m" },
            { name: "basic", interval: "1d" },
          ],
        },
      },
    });
    expect(res.body.data?.backlog).toEqual([expect.objectContaining({ kind: "push", tier: "gold", users: 1, due: 0 })]);
  });
});
