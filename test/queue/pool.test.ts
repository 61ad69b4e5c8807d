import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { testQueue } from "../helpers/queue.ts";

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition not met in time");
}

/** The worker runtime in real time: heartbeats, wake-ups, graceful shutdown. */
describe("worker pool", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.exec("DELETE FROM jobs; DELETE FROM jobs_finished;");
  });

  it("heartbeats keep a job that outlives its lease; without them another worker takes it", async () => {
    const q = await testQueue(t.db, { clock: systemClock as never });
    let runs = 0;
    q.behaviour.current = async (_p, ctx) => {
      runs++;
      await new Promise((r) => setTimeout(r, 2500));
      expect(ctx.signal.aborted).toBe(false);
    };
    const { id } = await q.queue.enqueue("test.work", { n: 1 });
    const holder = q.pool({ leaseMs: 1000, heartbeatMs: 250, reapIntervalMs: 200 });
    const rival = q.pool({ leaseMs: 1000, heartbeatMs: 250, reapIntervalMs: 200, pollIntervalMs: 100 });
    await holder.start();
    await until(async () => runs === 1);
    await rival.start();
    await until(async () => (await q.queue.get(id))?.status === "completed", 8000);
    await Promise.all([holder.stop(1000), rival.stop(1000)]);
    expect(runs).toBe(1);
    expect(await q.queue.get(id)).toMatchObject({ attempts: 1, workerId: holder.workerId });
    expect(rival.counts.claimed).toBe(0);

    // The control: heartbeats too slow for the lease. The rival re-claims after expiry, the
    // stalled holder learns it lost the lease (its signal aborts) and its completion is refused.
    await t.db.exec("DELETE FROM jobs; DELETE FROM jobs_finished;");
    const aborted: boolean[] = [];
    let calls = 0;
    q.behaviour.current = async (_p, ctx) => {
      calls++;
      if (calls === 1) {
        await new Promise((r) => setTimeout(r, 2500));
        aborted.push(ctx.signal.aborted);
      }
    };
    const second = await q.queue.enqueue("test.work", { n: 2 });
    const stalled = q.pool({ leaseMs: 1000, heartbeatMs: 60_000, reapIntervalMs: 200 });
    const other = q.pool({ leaseMs: 1000, heartbeatMs: 250, reapIntervalMs: 200, pollIntervalMs: 100 });
    await stalled.start();
    await until(async () => calls === 1);
    await other.start();
    await until(async () => (await q.queue.get(second.id))?.status === "completed", 8000);
    await until(async () => aborted.length === 1, 5000);
    await Promise.all([stalled.stop(1000), other.stop(1000)]);
    // Attempt 2 may be run by the other pool or by the stalled pool itself (it still has free
    // slots); either way attempt 1's completion never applied.
    const record = await q.queue.get(second.id);
    expect(record).toMatchObject({ status: "completed", attempts: 2 });
    expect([stalled.workerId, other.workerId]).toContain(record?.workerId);
    expect(stalled.counts.lostLeases).toBe(1);
    expect(stalled.counts.completed + other.counts.completed).toBe(1);
  });

  it("wakes on NOTIFY without waiting for the poll, and sends one notification per enqueue call", async () => {
    const q = await testQueue(t.db, { clock: systemClock as never });
    const seen: string[] = [];
    const unlisten = await t.db.listen(q.queue.channel, (p) => {
      if (p !== "") seen.push(p);
    });
    const done: number[] = [];
    q.behaviour.current = async (p) => {
      done.push((p as { n: number }).n);
    };
    const pool = q.pool({ pollIntervalMs: 60_000 });
    await pool.start();
    await q.queue.enqueueMany(Array.from({ length: 50 }, (_, n) => ({ type: "test.work", payload: { n } })));
    await until(async () => done.length === 50, 5000);
    await q.queue.enqueue("test.other", {});
    await until(async () => seen.length >= 2, 2000);
    await pool.stop(1000);
    await unlisten();
    expect(new Set(done).size).toBe(50);
    expect(seen).toEqual(["default", "other"]);
  });

  it("shuts down gracefully: finishes in-flight work within the grace period and releases the rest", async () => {
    const q = await testQueue(t.db, { clock: systemClock as never });
    const started = new Set<number>();
    let finishFirst = () => {};
    const firstMayFinish = new Promise<void>((r) => {
      finishFirst = r;
    });
    q.behaviour.current = async (p, ctx) => {
      const n = (p as { n: number }).n;
      started.add(n);
      if (n === 0) return firstMayFinish;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        ctx.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    };
    const jobs = await q.queue.enqueueMany(Array.from({ length: 6 }, (_, n) => ({ type: "test.work", payload: { n } })));
    const pool = q.pool({ concurrency: 2, batchSize: 6 });
    await pool.start();
    await until(async () => started.size === 2);
    const stopping = pool.stop(500);
    finishFirst();
    await stopping;
    const records = await Promise.all(jobs.map((j) => q.queue.get(j.id)));
    // Job 0 finished inside the grace period; job 1 was interrupted and keeps its attempt;
    // jobs that never started get their attempt back. Nothing stays leased.
    expect(records[0]).toMatchObject({ status: "completed", attempts: 1 });
    expect(records.filter((r) => r?.status === "queued")).toHaveLength(5);
    const interrupted = records.filter((r) => r?.status === "queued" && r.attempts === 1);
    expect(interrupted.map((r) => r?.payload)).toEqual([{ n: 1 }]);
    expect(records.filter((r) => r?.status === "queued" && r.attempts === 0)).toHaveLength(4);
    expect(records.every((r) => r?.workerId === null || r?.status === "completed")).toBe(true);
    expect(pool.counts.released).toBe(5);
  });

  it("keeps heartbeating while a job finishes during the shutdown grace period", async () => {
    const q = await testQueue(t.db, { clock: systemClock as never });
    let runs = 0;
    q.behaviour.current = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 2000));
    };
    const { id } = await q.queue.enqueue("test.work", { n: 1 });
    const holder = q.pool({ leaseMs: 1000, heartbeatMs: 250 });
    await holder.start();
    await until(async () => runs === 1);
    const rival = q.pool({ leaseMs: 1000, heartbeatMs: 250, reapIntervalMs: 100, pollIntervalMs: 100 });
    await rival.start();
    await holder.stop(4000);
    await rival.stop(1000);
    expect(runs).toBe(1);
    expect(await q.queue.get(id)).toMatchObject({ status: "completed", attempts: 1, workerId: holder.workerId });
    expect(holder.counts).toMatchObject({ completed: 1, lostLeases: 0, released: 0 });
  });
});
