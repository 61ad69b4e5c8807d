/**
 * Stale owners across real worker processes: a SIGSTOP'd worker's late completions, jobs of a
 * SIGKILLed worker after its lease expires, and leases kept through a graceful stop.
 * Helpers: test/helpers/worker-processes.ts.
 */
import { describe, expect, it } from "vitest";
import { pgUrl } from "../helpers/db.ts";
import {
  enqueue,
  expectEveryJobDoneOnce,
  expectNoStaleOwnerActed,
  killWorker,
  one,
  prepare,
  spawnWorker,
  stopWorker,
  useWorkerDbs,
  waitDrained,
  waitFor,
  withTimeout,
} from "../helpers/worker-processes.ts";

describe.skipIf(!pgUrl)("stale owners across worker processes (PostgreSQL)", () => {
  const freshDb = useWorkerDbs();

  it("a paused worker's late completions are rejected once its jobs were re-claimed (SIGSTOP/SIGCONT)", async () => {
    const t = await freshDb();
    const queue = await prepare(t);
    const ids = await enqueue(queue, 8);
    // A: claims all 8 at once; its handlers take 1.5 s (< its 2 s lease). No heartbeat during
    // the test, so after SIGCONT it is its completion, not a heartbeat, that meets the lost lease.
    const a = spawnWorker(t, "stale-a", {
      concurrency: 8,
      batchSize: 8,
      leaseMs: 2000,
      heartbeatMs: 60_000,
      pollMs: 100,
      sleepMinMs: 1500,
      logLevel: "warn",
    });
    await withTimeout(a.ready, 30_000, "worker A to start");
    await waitFor(
      "A to start all 8 handlers",
      async () => (await one<{ n: number }>(t, "SELECT count(*)::int AS n FROM invocations WHERE worker = 'stale-a'")).n === 8,
      10_000,
      10,
    );
    a.proc.kill("SIGSTOP");
    const held = await t.db.query<{ id: string; attempts: number; lease_expires_at: Date }>(
      "SELECT id::text AS id, attempts, lease_expires_at FROM jobs WHERE status = 'processing' AND worker_id = 'stale-a' ORDER BY id",
    );
    expect(held.rows.map((r) => r.id)).toEqual(ids);
    expect(held.rows.every((r) => r.attempts === 1)).toBe(true);

    // B reaps A's expired leases and re-claims the jobs; its handlers take 1.5 s too.
    // (B's own lease is long so that even a heavily loaded box never re-reaps B's attempts.)
    const b = spawnWorker(t, "fresh-b", { concurrency: 8, batchSize: 8, leaseMs: 10_000, reapMs: 1000, pollMs: 100, sleepMinMs: 1500 });
    await withTimeout(b.ready, 30_000, "worker B to start");
    await waitFor(
      "B to hold all 8 jobs on attempt 2",
      async () =>
        (
          await one<{ n: number }>(
            t,
            "SELECT count(*)::int AS n FROM jobs WHERE status = 'processing' AND worker_id = 'fresh-b' AND attempts = 2",
          )
        ).n === 8,
      15_000,
      20,
    );
    // A wakes up while B holds the jobs: A's handlers finish and it tries to complete attempt 1.
    a.proc.kill("SIGCONT");
    await waitDrained(t, 8, 15_000, [a, b]);
    const [countsA, countsB] = await Promise.all([stopWorker(a), stopWorker(b)]);

    await expectEveryJobDoneOnce(t, ids);
    await expectNoStaleOwnerActed(t);
    expect(countsA).toMatchObject({ claimed: 8, completed: 0, lostLeases: 8 });
    expect(countsB).toMatchObject({ claimed: 8, completed: 8, lostLeases: 0 });
    // A really sent its stale completions (rejected by the owner check), one per job.
    const rejected = a
      .stderr()
      .split("\n")
      .filter((l) => l.includes("job complete rejected")).length;
    expect(rejected).toBe(8);
    const done = await t.db.query<{ attempts: number; worker_id: string; error_code: string }>(
      "SELECT attempts, worker_id, last_error->>'code' AS error_code FROM jobs_finished ORDER BY id",
    );
    expect(done.rows).toEqual(ids.map(() => ({ attempts: 2, worker_id: "fresh-b", error_code: "lease_expired" })));
    const audit = await t.db.query<{ session_app: string }>("SELECT DISTINCT session_app FROM finish_audit");
    expect(audit.rows).toEqual([{ session_app: "fresh-b" }]);
    // Both attempts ran their handler (at-least-once); the unique constraint kept one effect per job.
    const inv = await t.db.query<{ worker: string; attempt: number; n: number }>(
      "SELECT worker, attempt, count(*)::int AS n FROM invocations GROUP BY 1, 2 ORDER BY 1",
    );
    expect(inv.rows).toEqual([
      { worker: "fresh-b", attempt: 2, n: 8 },
      { worker: "stale-a", attempt: 1, n: 8 },
    ]);
  }, 60_000);

  it("jobs held by a SIGKILLed worker are re-run by another process once the lease expires", async () => {
    const t = await freshDb();
    const queue = await prepare(t);
    const ids = await enqueue(queue, 3);
    // A's handlers would run a minute: it dies holding all three.
    const a = spawnWorker(t, "doomed-a", {
      concurrency: 4,
      batchSize: 4,
      leaseMs: 2000,
      heartbeatMs: 500,
      pollMs: 100,
      sleepMinMs: 60_000,
    });
    await withTimeout(a.ready, 30_000, "worker A to start");
    await waitFor(
      "A to start all 3 handlers",
      async () => (await one<{ n: number }>(t, "SELECT count(*)::int AS n FROM invocations WHERE worker = 'doomed-a'")).n === 3,
      10_000,
      10,
    );
    // Let A heartbeat at least once, so the lease it leaves behind is one it renewed.
    await new Promise((r) => setTimeout(r, 700));
    await killWorker(a);
    const killedAt = Date.now();
    const held = await t.db.query<{ id: string; attempts: number; worker_id: string; lease_expires_at: Date }>(
      "SELECT id::text AS id, attempts, worker_id, lease_expires_at FROM jobs ORDER BY id",
    );
    // A SIGKILLed worker gives nothing back: the jobs stay leased to it until the lease runs out.
    expect(held.rows.map((r) => [r.id, r.attempts, r.worker_id])).toEqual(ids.map((id) => [id, 1, "doomed-a"]));
    const leaseEnd = Math.max(...held.rows.map((r) => new Date(r.lease_expires_at).getTime()));
    expect(leaseEnd).toBeGreaterThan(killedAt);

    const b = spawnWorker(t, "rescuer-b", { concurrency: 4, batchSize: 4, leaseMs: 10_000, reapMs: 1000, pollMs: 100 });
    await withTimeout(b.ready, 30_000, "worker B to start");
    await waitDrained(t, 3, 15_000, [b]);
    const countsB = await stopWorker(b);

    await expectEveryJobDoneOnce(t, ids);
    await expectNoStaleOwnerActed(t);
    expect(countsB).toMatchObject({ claimed: 3, completed: 3, lostLeases: 0 });
    const done = await t.db.query<{
      id: string;
      status: string;
      attempts: number;
      worker_id: string;
      err: { code: string; attempt: number };
      finished_at: Date;
    }>("SELECT id::text AS id, status, attempts, worker_id, last_error AS err, finished_at FROM jobs_finished ORDER BY id");
    for (const r of done.rows) {
      expect(r).toMatchObject({ status: "completed", attempts: 2, worker_id: "rescuer-b", err: { code: "lease_expired", attempt: 1 } });
      // Not taken before the dead worker's lease ran out.
      expect(new Date(r.finished_at).getTime()).toBeGreaterThanOrEqual(leaseEnd);
    }
    const reaps = await t.db.query<{ job_id: string; session_app: string; old_worker: string }>(
      "SELECT job_id::text AS job_id, session_app, old_worker FROM lease_audit WHERE new_error_code = 'lease_expired' ORDER BY job_id",
    );
    expect(reaps.rows).toEqual(ids.map((id) => ({ job_id: id, session_app: "rescuer-b", old_worker: "doomed-a" })));
    const inv = await t.db.query<{ worker: string; attempt: number; n: number }>(
      "SELECT worker, attempt, count(*)::int AS n FROM invocations GROUP BY 1, 2 ORDER BY 2",
    );
    expect(inv.rows).toEqual([
      { worker: "doomed-a", attempt: 1, n: 3 },
      { worker: "rescuer-b", attempt: 2, n: 3 },
    ]);
    const effects = await t.db.query<{ worker: string; attempt: number }>("SELECT DISTINCT worker, attempt FROM effects");
    expect(effects.rows).toEqual([{ worker: "rescuer-b", attempt: 2 }]);
  }, 60_000);

  it("a worker stopping gracefully keeps its leases while running jobs finish within the grace period", async () => {
    const t = await freshDb();
    const queue = await prepare(t);
    // B is up before any job exists, and paused so that A is the one to claim them.
    const b = spawnWorker(t, "staying-b", { concurrency: 2, batchSize: 2, leaseMs: 10_000, reapMs: 500, pollMs: 100 });
    await withTimeout(b.ready, 30_000, "worker B to start");
    b.proc.kill("SIGSTOP");
    const ids = await enqueue(queue, 2);
    // A's jobs take 6 s; its lease is 2 s, renewed by heartbeats every 500 ms; grace 10 s.
    const a = spawnWorker(t, "leaving-a", {
      concurrency: 2,
      batchSize: 2,
      leaseMs: 2000,
      heartbeatMs: 500,
      pollMs: 100,
      sleepMinMs: 6000,
      graceMs: 10_000,
      logLevel: "warn",
    });
    await withTimeout(a.ready, 30_000, "worker A to start");
    await waitFor(
      "A to start both handlers",
      async () => (await one<{ n: number }>(t, "SELECT count(*)::int AS n FROM invocations WHERE worker = 'leaving-a'")).n === 2,
      10_000,
      10,
    );
    b.proc.kill("SIGCONT");
    // SIGTERM: A stops claiming and waits (up to 10 s) for its two running jobs, which need < 6 s more.
    const countsA = await stopWorker(a);
    await waitDrained(t, 2, 15_000, [b]);
    const countsB = await stopWorker(b);

    await expectEveryJobDoneOnce(t, ids);
    await expectNoStaleOwnerActed(t);
    // Expected: A finished and completed both jobs within the grace period; B never ran them.
    const inv = await t.db.query<{ worker: string; attempt: number; n: number }>(
      "SELECT worker, attempt, count(*)::int AS n FROM invocations GROUP BY 1, 2 ORDER BY 2, 1",
    );
    // (Fails while pool.stop() clears the heartbeat timer before waiting out the grace period: a
    // job running past its lease's remaining time is then reaped and run again by another worker
    // while the stopping worker still runs it, and the stopping worker's completion is rejected.)
    expect(inv.rows, `handler calls per worker/attempt; A's log:\n${a.stderr().slice(-1500)}`).toEqual([
      { worker: "leaving-a", attempt: 1, n: 2 },
    ]);
    expect(countsA).toMatchObject({ claimed: 2, completed: 2, lostLeases: 0 });
    expect(countsB).toMatchObject({ claimed: 0, completed: 0 });
  }, 60_000);
});
