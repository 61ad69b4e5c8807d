import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuckets, takeTokens } from "../../src/http-client/limiter-sql.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";

describe.skipIf(!pgUrl)("token take while another session holds the bucket (PostgreSQL)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb("postgres");
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** Resolves once one of this test database's sessions is waiting for a lock; bounded. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [`ferry-test-${t.schema}`],
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("the take never waited for the lock");
  }

  it("does not move refilled_at back to before the write it waited for (the refill in between would count twice)", async () => {
    const spec = [{ key: "notion:connection:c1", rate: 1, capacity: 100 }];
    await ensureBuckets(t.db, spec);
    await t.db.query("UPDATE rate_limit_buckets SET tokens = 0");
    let take: Promise<unknown> = Promise.resolve();
    const written = await t.db.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM rate_limit_buckets FOR UPDATE");
      // Another session starts a take now: it reads the clock, then waits for this lock.
      take = takeTokens(t.db, spec, 1, 1);
      await someoneWaitsForALock();
      const { rows } = await tx.query<{ at: Date }>(
        "UPDATE rate_limit_buckets SET tokens = 5, refilled_at = clock_timestamp() RETURNING refilled_at AS at",
      );
      return rows[0]?.at as Date;
    });
    expect(await take).toMatchObject({ taken: 1 });
    const { rows } = await t.db.query<{ tokens: number; refilled_at: Date }>("SELECT tokens, refilled_at FROM rate_limit_buckets");
    // The take happened, for the bucket, no earlier than the write it saw: 5 tokens then, 4 left.
    expect(rows[0]?.tokens).toBe(4);
    expect(rows[0]?.refilled_at.getTime()).toBeGreaterThanOrEqual(written.getTime());
  });
});
