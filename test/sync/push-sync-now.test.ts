import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.ts";
import { WorkerPool } from "../../src/queue/pool.ts";
import { reapExpiredLeases } from "../../src/queue/sql/leases.ts";
import { takeSyncLease } from "../../src/sync/lease.ts";
import { pushLeaseKey } from "../../src/sync/push/execute.ts";
import { consent, cookieFrom, pathOf } from "../helpers/connect.ts";
import { useConnectApp } from "../helpers/connect-app.ts";
import { runInline } from "../helpers/queue.ts";

/**
 * "Sync now" guarantees a push run that starts after the request: a queued job is joined, a running
 * one gets a follow-up, and a sync whose job died shows as stopped, with why and since when.
 */
describe("push sync: Sync now and a stopped sync", () => {
  const ctx = useConnectApp();
  const docs = [
    { kind: "workspace", id: "w", title: "Work" },
    { kind: "note", id: "n", parent: { kind: "workspace", id: "w" }, title: "Hello", body: "Hi" },
  ];

  async function connectAndSettle() {
    const s = await ctx.api("POST", "/v1/connect-sessions", { user_id: "ada", provider: "notion" });
    const start = await ctx.c.app.request(pathOf(s.body.data?.url as string));
    const back = await consent(start.headers.get("location") as string, "allow");
    await ctx.c.app.request(pathOf(back), { headers: { cookie: cookieFrom(start.headers.get("set-cookie")) } });
    const first = await ctx.t.db.query<{ id: string }>("SELECT id::text AS id FROM jobs");
    for (const j of first.rows) await runInline(ctx.t.db, ctx.c.handlers, j.id);
    expect((await ctx.api("PUT", "/v1/users/ada/documents", { documents: docs })).status).toBe(200);
  }
  const status = async () => (await ctx.api("GET", "/v1/users/ada/sync")).body.data as Record<string, unknown>;
  const syncNow = async () =>
    (await ctx.api("POST", "/v1/users/ada/sync")).body.data as { job_id: string; already_queued: boolean; follows: string | null };

  it("joins a queued job, queues a follow-up behind a running one, and a request outlives the running job's death", async () => {
    await connectAndSettle();
    const first = await syncNow();
    expect(first).toMatchObject({ already_queued: false, follows: null });
    expect(await syncNow()).toEqual({ job_id: first.job_id, already_queued: true, follows: null });

    // A worker takes the job on its last attempt, and dies holding it.
    const now = ctx.c.clock.now();
    await ctx.t.db.query(
      `UPDATE jobs SET status = 'processing', worker_id = 'dead-worker', attempts = max_attempts, leased_at = $2, lease_expires_at = $3
        WHERE id = $1`,
      [first.job_id, now, new Date(now.getTime() + 30_000)],
    );
    expect(await status()).toMatchObject({ running: true, queued: false });
    const follow = await syncNow();
    expect(follow).toMatchObject({ already_queued: false, follows: first.job_id });
    expect(follow.job_id).not.toBe(first.job_id);
    expect(await syncNow()).toEqual({ job_id: follow.job_id, already_queued: true, follows: null });

    // Its lease runs out on its last attempt: the reaper dead-letters it. The follow-up is still there.
    ctx.c.clock.advance(60_000);
    expect(await reapExpiredLeases(ctx.t.db, ctx.c.clock.now())).toEqual({ requeued: 0, deadLettered: 1 });
    expect(await status()).toMatchObject({ running: false, queued: true, pending: 2, stopped: null });

    await runInline(ctx.t.db, ctx.c.handlers, follow.job_id);
    expect(await status()).toMatchObject({ running: false, queued: false, pending: 0, stopped: null, last_counts: { created: 2 } });
  });

  it("a follow-up waits for the running sync's lease, then runs", async () => {
    await connectAndSettle();
    const job = await syncNow();
    const held = await takeSyncLease(ctx.t.db, pushLeaseKey("ada"), { holder: "the-running-job:1", now: () => new Date() });
    let finished = false;
    const run = runInline(ctx.t.db, ctx.c.handlers, job.job_id).then(() => {
      finished = true;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(finished).toBe(false);
    expect((await status()).pending).toBe(2);
    await held.release();
    await run;
    expect(await status()).toMatchObject({ pending: 0, last_counts: { created: 2 } });
  });

  it("shows a sync whose job was dead-lettered as stopped, with why and since when, until a run succeeds", async () => {
    await connectAndSettle();
    const pool = new WorkerPool({
      queue: ctx.c.queue,
      handlers: ctx.c.handlers,
      logger: silentLogger(),
      concurrency: 1,
      batchSize: 5,
      leaseMs: 30_000,
      pollIntervalMs: 60_000,
    });
    // The app took the entitlement away: the job cannot succeed, and is dead-lettered at once.
    await ctx.api("PUT", "/v1/users/ada", { entitlements: ["calendar_sync"] });
    const job = await syncNow();
    expect((await pool.processBatch(5, 10_000)).deadLettered).toBe(1);
    const stopped = (await status()).stopped as Record<string, unknown>;
    expect(stopped).toEqual({
      job_id: job.job_id,
      reason: "not_entitled",
      error: expect.stringContaining("notion_sync"),
      since: expect.any(String),
    });

    await ctx.api("PUT", "/v1/users/ada", { entitlements: ["notion_sync"] });
    await syncNow();
    expect((await pool.processBatch(5, 10_000)).completed).toBe(1);
    expect(await status()).toMatchObject({ stopped: null, pending: 0 });
  });
});
