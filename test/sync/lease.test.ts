import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockMirror, mirrorLeaseKey } from "../../src/sync/pull/lock.ts";
import { type TestDb, testDb } from "../helpers/db.ts";

const key = { userId: "u1", schema: "notion", table: "characters" };
const leaseKey = mirrorLeaseKey(key);
const now = () => new Date();

describe("sync leases (pull: one writer per user and mirror table)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("a second holder waits until the first releases, then takes it", async () => {
    const a = await lockMirror(t.db, key, { holder: "run-a", now });
    let bTook = false;
    const b = lockMirror(t.db, key, { holder: "run-b", now }).then((lease) => {
      bTook = true;
      return lease;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(bTook).toBe(false);
    await a.release();
    const lease = await b;
    expect(bTook).toBe(true);
    const held = await t.db.query<{ holder: string }>("SELECT holder FROM sync_leases WHERE key = $1", [leaseKey]);
    expect(held.rows).toEqual([{ holder: "run-b" }]);
    await lease.release();
    expect((await t.db.query("SELECT 1 FROM sync_leases")).rowCount).toBe(0);
  });

  it("other tables and other users are not blocked; the same holder (a retried job) takes its own lease again", async () => {
    const a = await lockMirror(t.db, key, { holder: "run-a", now });
    const other = await lockMirror(t.db, { ...key, table: "worlds" }, { holder: "run-b", now, waitMs: 0 });
    const otherUser = await lockMirror(t.db, { ...key, userId: "u2" }, { holder: "run-c", now, waitMs: 0 });
    const again = await lockMirror(t.db, key, { holder: "run-a", now, waitMs: 0 });
    await Promise.all([other.release(), otherUser.release(), again.release(), a.release()]);
  });

  it("gives up with conflict after waitMs, and takes over a lease whose holder died", async () => {
    const live = await lockMirror(t.db, key, { holder: "live", now });
    await expect(lockMirror(t.db, key, { holder: "run-x", now, waitMs: 0 })).rejects.toMatchObject({ code: "conflict" });
    await live.release();
    // A holder that died: its lease is past its expiry and nothing renews it.
    await t.db.query("INSERT INTO sync_leases (key, holder, expires_at) VALUES ($1, 'dead', $2)", [leaseKey, new Date(Date.now() - 1)]);
    const taken = await lockMirror(t.db, key, { holder: "run-x", now, waitMs: 0 });
    expect((await t.db.query<{ holder: string }>("SELECT holder FROM sync_leases")).rows).toEqual([{ holder: "run-x" }]);
    await taken.release();
  });

  it("a holder whose lease was taken over learns it at its next renewal, and its release frees nothing of the new holder's", async () => {
    const stalled = await lockMirror(t.db, key, { holder: "stalled", now, ttlMs: 300 });
    await t.db.query("UPDATE sync_leases SET holder = 'next'");
    await new Promise((r) => setTimeout(r, 400));
    expect(stalled.signal.aborted).toBe(true);
    await stalled.release();
    expect((await t.db.query<{ holder: string }>("SELECT holder FROM sync_leases")).rows).toEqual([{ holder: "next" }]);
    await t.db.query("DELETE FROM sync_leases");
  });

  it("stops waiting when the run is aborted", async () => {
    const a = await lockMirror(t.db, key, { holder: "run-a", now });
    const ac = new AbortController();
    const waiting = lockMirror(t.db, key, { holder: "run-b", now, signal: ac.signal });
    ac.abort(new Error("shutdown"));
    await expect(waiting).rejects.toThrow(/shutdown/);
    await a.release();
  });
});
