import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.ts";
import { NonRetryableError } from "../../src/errors.ts";
import { completeAndClaim, completeJobs } from "../../src/queue/sql/claim.ts";
import { failJobs } from "../../src/queue/sql/fail.ts";
import { reapExpiredLeases } from "../../src/queue/sql/leases.ts";
import { contractDrivers, type TestDb, testDb } from "../helpers/db.ts";
import { testQueue } from "../helpers/queue.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * The queue's storage contract. It runs on the PostgreSQL server and on PGlite: same SQL,
 * same migrations, same results.
 */
describe.each(contractDrivers)("queue contract on %s", (driver) => {
  let t: TestDb;
  let clock: FakeClock;
  let q: Awaited<ReturnType<typeof testQueue>>;

  beforeAll(async () => {
    t = await testDb(driver);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.exec("DELETE FROM jobs; DELETE FROM jobs_finished;");
    clock = new FakeClock(T0);
    q = await testQueue(t.db, { clock });
  });

  const claim = (worker: string, limit = 10, types = ["test.work", "test.backoff"], queue = "default") =>
    completeAndClaim(
      t.db,
      { workerId: worker, queue, types, limit, now: clock.now(), leaseExpiresAt: new Date(clock.now().getTime() + 30_000) },
      [],
      true,
    );

  describe("enqueue", () => {
    it("inserts a queued job with the type's defaults", async () => {
      const r = await q.queue.enqueue("test.work", { n: 1 });
      expect(r.created).toBe(true);
      const job = await q.queue.get(r.id);
      expect(job).toMatchObject({ status: "queued", type: "test.work", queue: "default", attempts: 0, maxAttempts: 5, payload: { n: 1 } });
      expect(job?.runAt.getTime()).toBe(T0);
    });

    it("returns the live job for a dedupe key while it is queued or processing, and a new one after", async () => {
      const a = await q.queue.enqueue("test.work", { n: 1 }, { dedupeKey: "k" });
      const b = await q.queue.enqueue("test.work", { n: 2 }, { dedupeKey: "k" });
      expect(b).toEqual({ id: a.id, created: false });
      const { claimed } = await claim("w1");
      expect(claimed.map((j) => j.id)).toEqual([a.id]);
      const c = await q.queue.enqueue("test.work", { n: 3 }, { dedupeKey: "k" });
      expect(c).toEqual({ id: a.id, created: false });
      await completeJobs(t.db, "w1", [{ id: a.id, attempts: 1 }], clock.now(), true);
      const d = await q.queue.enqueue("test.work", { n: 4 }, { dedupeKey: "k" });
      expect(d.created).toBe(true);
      expect(d.id).not.toBe(a.id);
    });

    it("enqueues a batch in order, resolving duplicate keys inside the batch to one job", async () => {
      const res = await q.queue.enqueueMany([
        { type: "test.work", payload: { n: 1 } },
        { type: "test.work", payload: { n: 2 }, options: { dedupeKey: "x" } },
        { type: "test.work", payload: { n: 3 }, options: { dedupeKey: "x" } },
        { type: "test.work", payload: { n: 4 }, options: { priority: 5 } },
      ]);
      expect(res.map((r) => r.created)).toEqual([true, true, false, true]);
      expect(res[2]?.id).toBe(res[1]?.id);
      const payloads = await Promise.all(res.map(async (r) => (await q.queue.get(r.id))?.payload));
      expect(payloads).toEqual([{ n: 1 }, { n: 2 }, { n: 2 }, { n: 4 }]);
      expect((await q.queue.stats()).byStatus.queued).toBe(3);
    });

    it("rejects bad input with a named field and enqueues nothing", async () => {
      await expect(q.queue.enqueue("nope", {})).rejects.toMatchObject({ code: "unknown_job_type" });
      await expect(q.queue.enqueue("test.work", { n: "one" })).rejects.toMatchObject({
        code: "validation_failed",
        issues: [{ field: "payload.n" }],
      });
      await expect(q.queue.enqueue("test.work", { n: 1 }, { delayMs: -5 })).rejects.toMatchObject({
        code: "validation_failed",
        issues: [{ field: "options.delayMs" }],
      });
      await expect(
        q.queue.enqueueMany([
          { type: "test.work", payload: { n: 1 } },
          { type: "test.work", payload: { n: 1, extra: true } },
        ]),
      ).rejects.toMatchObject({ issues: [{ field: "jobs[1].payload.extra", message: "unknown field" }] });
      expect((await q.queue.stats()).byStatus.queued).toBe(0);
    });

    it("enqueues inside the caller's transaction: a rollback leaves nothing behind", async () => {
      await expect(
        t.db.transaction(async (tx) => {
          await q.queue.enqueue("test.work", { n: 1 }, {}, tx);
          throw new Error("app write failed");
        }),
      ).rejects.toThrow("app write failed");
      expect((await q.queue.stats()).byStatus.queued).toBe(0);
      await t.db.transaction(async (tx) => {
        await q.queue.enqueue("test.work", { n: 2 }, {}, tx);
      });
      expect((await q.queue.stats()).byStatus.queued).toBe(1);
    });

    it("enqueues from SQL with the type's defaults, dedupe, and named errors", async () => {
      const a = await t.db.query<{ id: string }>("SELECT enqueue('test.other', '{\"a\":1}'::jsonb, dedupe_key => 'sql-k')::text AS id");
      const b = await t.db.query<{ id: string }>("SELECT enqueue('test.other', '{}'::jsonb, dedupe_key => 'sql-k')::text AS id");
      expect(b.rows[0]?.id).toBe(a.rows[0]?.id);
      const job = await q.queue.get(a.rows[0]?.id as string);
      expect(job).toMatchObject({ queue: "other", maxAttempts: 5, payload: { a: 1 } });
      await expect(t.db.query("SELECT enqueue('nope')")).rejects.toThrow(/unknown job type "nope"/);
      await expect(t.db.query("SELECT enqueue('test.work', '[1]'::jsonb)")).rejects.toThrow(/payload must be a JSON object/);
      await expect(t.db.query("SELECT enqueue('test.work', '{}'::jsonb, queue => 'bad queue')")).rejects.toThrow(/queue must be a name/);
      await expect(t.db.query("SELECT enqueue('test.work', '{}'::jsonb, priority => 5000)")).rejects.toThrow(/priority must be between/);
      await expect(t.db.query("SELECT enqueue('test.work', '{}'::jsonb, max_attempts => 0)")).rejects.toThrow(
        /max_attempts must be between/,
      );
      expect((await q.queue.stats()).byStatus.queued).toBe(1);
    });
  });

  describe("claim", () => {
    it("claims in batches by priority, then run_at, and marks the lease", async () => {
      await q.queue.enqueue("test.work", { n: 1 });
      clock.advance(1000);
      await q.queue.enqueue("test.work", { n: 2 }, { priority: 10 });
      await q.queue.enqueue("test.work", { n: 3 }, { delayMs: 60_000 });
      await q.queue.enqueue("test.other", {});
      const { claimed } = await claim("w1", 10);
      expect(claimed.map((j) => j.payload)).toEqual([{ n: 2 }, { n: 1 }]);
      expect(claimed.every((j) => j.attempts === 1)).toBe(true);
      const rec = await q.queue.get(claimed[0]?.id as string);
      expect(rec).toMatchObject({ status: "processing", workerId: "w1" });
      expect(rec?.leaseExpiresAt?.getTime()).toBe(clock.now().getTime() + 30_000);
      expect((await claim("w2", 10)).claimed).toHaveLength(0);
      clock.advance(60_000);
      expect((await claim("w2", 10)).claimed.map((j) => j.payload)).toEqual([{ n: 3 }]);
      expect((await claim("w3", 10, ["test.other"], "other")).claimed).toHaveLength(1);
    });

    it("never hands the same job to two concurrent claimers", async () => {
      await q.queue.enqueueMany(Array.from({ length: 60 }, (_, n) => ({ type: "test.work", payload: { n } })));
      const results = await Promise.all(["a", "b", "c", "d"].map((w) => claim(w, 20)));
      const ids = results.flatMap((r) => r.claimed.map((j) => j.id));
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
    });
  });

  describe("ownership", () => {
    it("completes only for the worker holding the current lease", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 });
      await claim("w1");
      // The lease expires and another worker takes the job.
      clock.advance(31_000);
      expect(await reapExpiredLeases(t.db, clock.now())).toEqual({ requeued: 1, deadLettered: 0 });
      const second = await claim("w2");
      expect(second.claimed[0]).toMatchObject({ id, attempts: 2 });
      // The stale worker cannot complete or fail it, even with the right attempt number for it.
      expect(await completeJobs(t.db, "w1", [{ id, attempts: 1 }], clock.now(), true)).toEqual(new Set());
      expect(await completeJobs(t.db, "w1", [{ id, attempts: 2 }], clock.now(), true)).toEqual(new Set());
      const err = { code: "x", message: "x", attempt: 1, at: clock.now().toISOString() };
      expect(await failJobs(t.db, "w1", [{ id, attempts: 1, retryAt: null, error: err, deadLetterReason: "x" }], clock.now())).toEqual(
        new Map(),
      );
      expect((await q.queue.get(id))?.status).toBe("processing");
      expect(await completeJobs(t.db, "w2", [{ id, attempts: 2 }], clock.now(), true)).toEqual(new Set([id]));
      expect(await q.queue.get(id)).toMatchObject({ status: "completed", attempts: 2, workerId: "w2" });
    });

    it("completes the previous batch and claims the next in one statement", async () => {
      await q.queue.enqueueMany(Array.from({ length: 6 }, (_, n) => ({ type: "test.work", payload: { n } })));
      const first = await claim("w1", 3);
      const next = await completeAndClaim(
        t.db,
        { workerId: "w1", queue: "default", types: ["test.work"], limit: 3, now: clock.now(), leaseExpiresAt: new Date(T0 + 30_000) },
        first.claimed.map((j) => ({ id: j.id, attempts: j.attempts })),
        true,
      );
      expect(next.completed).toEqual(new Set(first.claimed.map((j) => j.id)));
      expect(next.claimed).toHaveLength(3);
      expect((await q.queue.stats()).byStatus).toMatchObject({ completed: 3, processing: 3, queued: 0 });
    });

    it("deletes completed jobs outright when completed jobs are not kept", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 });
      await claim("w1");
      expect(await completeJobs(t.db, "w1", [{ id, attempts: 1 }], clock.now(), false)).toEqual(new Set([id]));
      expect(await q.queue.get(id)).toBeUndefined();
    });
  });

  describe("retries and dead letters on a fake clock", () => {
    it("follows the default schedule 30 s, 120 s, 600 s, 1800 s, then dead-letters at max attempts", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 });
      q.behaviour.current = async () => {
        throw Object.assign(new Error("provider down"), { code: "provider_down" });
      };
      const pool = q.pool();
      const waits = [30_000, 120_000, 600_000, 1_800_000];
      for (const [i, wait] of waits.entries()) {
        expect(await pool.processBatch(10, 5000)).toMatchObject({ claimed: 1, retried: 1 });
        const job = await q.queue.get(id);
        expect(job).toMatchObject({ status: "queued", attempts: i + 1, lastError: { code: "provider_down", attempt: i + 1 } });
        expect(job?.runAt.getTime()).toBe(clock.now().getTime() + wait);
        clock.advance(wait - 1);
        expect((await pool.processBatch(10, 5000)).claimed).toBe(0);
        clock.advance(1);
      }
      expect(await pool.processBatch(10, 5000)).toMatchObject({ claimed: 1, deadLettered: 1 });
      const dead = await q.queue.get(id);
      expect(dead).toMatchObject({ status: "dead_letter", attempts: 5, deadLetterReason: "max_attempts_reached" });
      expect(dead?.deadLetteredAt?.getTime()).toBe(clock.now().getTime());
    });

    it("backs off exponentially with jitter when the type asks for it", async () => {
      const { id } = await q.queue.enqueue("test.backoff", { n: 1 });
      q.behaviour.current = async () => {
        throw new Error("again");
      };
      const pool = q.pool({ random: () => 0.5 });
      for (const expected of [500, 1000, 2000]) {
        await pool.processBatch(10, 5000);
        const job = await q.queue.get(id);
        expect((job?.runAt.getTime() ?? 0) - clock.now().getTime()).toBe(expected);
        clock.advance(expected);
      }
      expect(await pool.processBatch(10, 5000)).toMatchObject({ deadLettered: 1 });
      expect((await q.queue.get(id))?.attempts).toBe(4);
    });

    it("honours an error's retry hint", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 });
      q.behaviour.current = async () => {
        throw Object.assign(new Error("slow down"), { code: "rate_limited", retryAfterMs: 7000 });
      };
      await q.pool().processBatch(10, 5000);
      expect((await q.queue.get(id))?.runAt.getTime()).toBe(clock.now().getTime() + 7000);
    });

    it("dead-letters at once on a non-retryable error, with its reason", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 });
      q.behaviour.current = async () => {
        throw new NonRetryableError("auth_revoked", "the grant was revoked");
      };
      expect(await q.pool().processBatch(10, 5000)).toMatchObject({ deadLettered: 1, retried: 0 });
      expect(await q.queue.get(id)).toMatchObject({ status: "dead_letter", attempts: 1, deadLetterReason: "auth_revoked" });
    });

    it("dead-letters a payload that fails its schema without running the handler", async () => {
      let ran = false;
      q.behaviour.current = async () => {
        ran = true;
      };
      const res = await t.db.query<{ id: string }>("SELECT enqueue('test.work', '{\"n\": \"x\"}'::jsonb, run_at => $1)::text AS id", [
        clock.now(),
      ]);
      await q.pool().processBatch(10, 5000);
      expect(ran).toBe(false);
      expect(await q.queue.get(res.rows[0]?.id as string)).toMatchObject({
        status: "dead_letter",
        deadLetterReason: "invalid_payload",
        lastError: { code: "validation_failed" },
      });
    });

    it("requeues an expired lease, and dead-letters it when attempts are used up", async () => {
      const { id } = await q.queue.enqueue("test.work", { n: 1 }, { maxAttempts: 2 });
      await claim("w1");
      clock.advance(29_999);
      expect(await reapExpiredLeases(t.db, clock.now())).toEqual({ requeued: 0, deadLettered: 0 });
      clock.advance(2);
      expect(await reapExpiredLeases(t.db, clock.now())).toEqual({ requeued: 1, deadLettered: 0 });
      expect(await q.queue.get(id)).toMatchObject({ status: "queued", attempts: 1, workerId: null, lastError: { code: "lease_expired" } });
      await claim("w2");
      clock.advance(31_000);
      expect(await reapExpiredLeases(t.db, clock.now())).toEqual({ requeued: 0, deadLettered: 1 });
      expect(await q.queue.get(id)).toMatchObject({ status: "dead_letter", deadLetterReason: "max_attempts_reached" });
    });
  });

  describe("dead letter management", () => {
    async function deadLetter(n: number, type = "test.work") {
      q.behaviour.current = async () => {
        throw new NonRetryableError("not_found", "gone");
      };
      const r = await q.queue.enqueue(type, type === "test.other" ? {} : { n });
      await q.pool({ queueName: type === "test.other" ? "other" : "default" }).processBatch(10, 5000);
      return r.id;
    }

    it("lists, replays (attempts reset) and discards dead letters", async () => {
      const a = await deadLetter(1);
      const b = await deadLetter(2);
      const c = await deadLetter(3, "test.other");
      expect((await q.queue.list({ status: "dead_letter" })).map((j) => j.id)).toEqual([c, b, a]);
      expect(await q.queue.replay({ ids: [a] })).toEqual({ replayed: [a], skipped: [] });
      expect(await q.queue.get(a)).toMatchObject({ status: "queued", attempts: 0, lastError: { code: "non_retryable" } });
      expect(await q.queue.discard({ type: "test.other" })).toEqual([c]);
      expect(await q.queue.get(c)).toBeUndefined();
      expect((await q.queue.list({ status: "dead_letter" })).map((j) => j.id)).toEqual([b]);
      // Replaying a job that is not dead-lettered does nothing.
      expect(await q.queue.replay({ ids: [a] })).toEqual({ replayed: [], skipped: [] });
    });

    it("skips a replay whose dedupe key a live job holds", async () => {
      q.behaviour.current = async () => {
        throw new NonRetryableError("not_found", "gone");
      };
      const dead = await q.queue.enqueue("test.work", { n: 1 }, { dedupeKey: "same" });
      await q.pool().processBatch(10, 5000);
      const live = await q.queue.enqueue("test.work", { n: 2 }, { dedupeKey: "same" });
      expect(live.created).toBe(true);
      expect(await q.queue.replay({ ids: [dead.id] })).toEqual({ replayed: [], skipped: [dead.id] });
      expect((await q.queue.get(dead.id))?.status).toBe("dead_letter");
    });

    it("counts per status and type with the oldest queued job's age", async () => {
      await q.queue.enqueue("test.work", { n: 1 });
      clock.advance(90_000);
      await q.queue.enqueue("test.work", { n: 2 }, { delayMs: 5000 });
      await deadLetter(3, "test.other");
      const s = await q.queue.stats();
      expect(s.byStatus).toEqual({ queued: 2, processing: 0, completed: 0, dead_letter: 1 });
      expect(s.scheduled).toBe(1);
      expect(s.oldestQueuedAgeSeconds).toBe(90);
      expect(s.byType).toEqual([
        { type: "test.other", status: "dead_letter", count: 1 },
        { type: "test.work", status: "queued", count: 2 },
      ]);
    });

    it("cleans up finished jobs past retention", async () => {
      const old = await q.queue.enqueue("test.work", { n: 1 });
      await q.pool().processBatch(10, 5000);
      const deadOld = await deadLetter(2);
      clock.advance(8 * 86_400_000);
      const fresh = await q.queue.enqueue("test.work", { n: 3 });
      q.behaviour.current = async () => {};
      await q.pool().processBatch(10, 5000);
      expect(await q.queue.cleanup({ completedDays: 7, deadLetterDays: 0 })).toEqual({ completed: 1, deadLettered: 0 });
      expect(await q.queue.get(old.id)).toBeUndefined();
      expect((await q.queue.get(fresh.id))?.status).toBe("completed");
      expect((await q.queue.get(deadOld))?.status).toBe("dead_letter");
      expect(await q.queue.cleanup({ completedDays: 7, deadLetterDays: 5 })).toEqual({ completed: 0, deadLettered: 1 });
    });
  });
});
