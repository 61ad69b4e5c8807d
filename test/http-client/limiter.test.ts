import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitWaitError } from "../../src/http-client/errors.ts";
import { SharedLimiter } from "../../src/http-client/limiter.ts";
import { takeTokens } from "../../src/http-client/limiter-sql.ts";
import { contractDrivers, type TestDb, testDb } from "../helpers/db.ts";

/** The shared token-bucket limiter's contract, on PostgreSQL and on PGlite. */
describe.each(contractDrivers)("shared limiter on %s", (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(driver);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const key = () => `test:${randomUUID()}`;

  it("gives the burst at once, then one token per 1/rate; capacity is lowered by the hold and jitter headroom", async () => {
    const limiter = new SharedLimiter(t.db, { prefetch: 1, holdMs: 0, jitterMs: 0 });
    const spec = [{ key: key(), rate: 10, capacity: 3 }];
    for (let i = 0; i < 3; i++) await limiter.acquire(spec, { deadline: Date.now() + 1 });
    // The burst is spent: the next token is about 100 ms away (10 per second).
    const empty = await takeTokens(t.db, spec, 1, 1);
    expect(empty.taken).toBe(0);
    expect(empty.waitSeconds).toBeGreaterThan(0.03);
    expect(await limiter.acquire(spec)).toBeGreaterThanOrEqual(30);
    // With 300 ms of hold and jitter headroom at 10/s, a burst of 5 stores 2 tokens.
    const headroom = new SharedLimiter(t.db, { prefetch: 1, holdMs: 200, jitterMs: 100 });
    const k2 = [{ key: key(), rate: 10, capacity: 5 }];
    await headroom.acquire(k2);
    const rest = await takeTokens(t.db, [{ ...k2[0], capacity: 2 } as (typeof k2)[0]], 1, 100);
    expect(rest.taken).toBe(1);
  });

  it("takes from several buckets at once or from none", async () => {
    const a = { key: key(), rate: 1, capacity: 1 };
    const b = { key: key(), rate: 1, capacity: 5 };
    const limiter = new SharedLimiter(t.db, { prefetch: 1, holdMs: 0, jitterMs: 0 });
    await limiter.acquire([a, b]);
    // a is empty now: a take on both takes nothing from b either.
    const r = await takeTokens(t.db, [a, b], 1, 1);
    expect(r).toMatchObject({ found: 2, taken: 0 });
    expect(r.waitSeconds).toBeGreaterThan(0.5);
    const onlyB = await takeTokens(t.db, [b], 1, 10);
    expect(onlyB.taken).toBe(4);
  });

  it("prefetches tokens in one round trip, hands them out locally, and drops the ones not used in time", async () => {
    const holding = new SharedLimiter(t.db, { prefetch: 4, holdMs: 2000, jitterMs: 0 });
    const spec = [{ key: key(), rate: 0.5, capacity: 11 }]; // 10 stored after the 1 s of headroom
    await holding.acquire(spec); // takes 4 in one statement, holds 3
    const left = await takeTokens(t.db, spec, 1, 100);
    expect(left.taken).toBe(6); // the bucket lost all 4 at once
    // The three held tokens need no database: a deadline that allows no waiting is fine.
    for (let i = 0; i < 3; i++) await holding.acquire(spec, { deadline: Date.now() + 1 });
    await expect(holding.acquire(spec, { deadline: Date.now() + 100 })).rejects.toBeInstanceOf(RateLimitWaitError);
    const brief = new SharedLimiter(t.db, { prefetch: 4, holdMs: 100, jitterMs: 0 });
    const k2 = [{ key: key(), rate: 0.5, capacity: 4.05 }];
    await brief.acquire(k2); // holds 3 for 100 ms
    await new Promise((r) => setTimeout(r, 250));
    await expect(brief.acquire(k2, { deadline: Date.now() + 100 })).rejects.toBeInstanceOf(RateLimitWaitError);
  });

  it("a pause stops every limiter on the key until it ends, and a deadline inside it fails fast with a hint", async () => {
    const spec = [{ key: key(), rate: 100, capacity: 100 }];
    const one = new SharedLimiter(t.db, { prefetch: 1 });
    const other = new SharedLimiter(t.db, { prefetch: 1 });
    await one.acquire(spec);
    await one.pause([spec[0]?.key as string], 600);
    expect(await other.pausedFor([spec[0]?.key as string])).toBeGreaterThan(0);
    const err = await other.acquire(spec, { deadline: Date.now() + 100 }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitWaitError);
    expect(err.retryAfterMs).toBeGreaterThan(300);
    const waited = await other.acquire(spec);
    expect(waited).toBeGreaterThanOrEqual(300);
  });

  it("queues callers of one process in order: one asks the database at a time", async () => {
    const limiter = new SharedLimiter(t.db, { prefetch: 1, holdMs: 0, jitterMs: 0 });
    const spec = [{ key: key(), rate: 20, capacity: 1 }];
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire(spec).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
