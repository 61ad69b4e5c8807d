import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { FakeClock } from "../../src/clock.ts";
import { saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import { silentLogger } from "../../src/logger.ts";
import type { ProviderSet } from "../../src/providers/registry.ts";
import { Queue } from "../../src/queue/queue.ts";
import { JobRegistry } from "../../src/queue/registry.ts";
import { SYNC_KINDS } from "../../src/scheduler/kinds.ts";
import { Leadership } from "../../src/scheduler/leader.ts";
import { recordRunEnd, schedulesOf, setBackground } from "../../src/scheduler/schedules.ts";
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings } from "../../src/scheduler/settings.ts";
import { schedulerStatus } from "../../src/scheduler/status.ts";
import { type TickDeps, tick } from "../../src/scheduler/tick.ts";
import { upsertDocuments } from "../../src/sync/push/documents.ts";
import { PUSH_JOB } from "../../src/sync/push/jobs.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { useTestDb } from "../helpers/use-db.ts";

const MIN = 60_000;

/**
 * The scheduler's tick and lead on the test database: who is admitted, in which order, at what
 * cost, and that a leader that lost its lease writes nothing. The queue is real; no provider is
 * called (admission only enqueues `notion.sync` jobs, which nothing runs here).
 */
describe("scheduler: the tick and the lead", () => {
  const file = useTestDb();
  const ring = new KeyRing(randomBytes(32));
  let clock: FakeClock;
  let deps: TickDeps;
  // 3 calls/s × 60 s × (1 − 0.2) = 144 calls of background budget per window.
  const settings: SchedulerSettings = { ...DEFAULT_SCHEDULER_SETTINGS };
  const providers = new Map([["notion", { quota: { perSecond: 3, burst: 10 } }]]) as unknown as ProviderSet;

  beforeEach(async () => {
    const { db } = file.t;
    await db.query("TRUNCATE jobs, jobs_finished, sync_schedules, scheduler_leader, documents, connections, app_users CASCADE");
    clock = new FakeClock(Date.parse("2026-12-01T12:00:00Z"));
    const registry = new JobRegistry();
    registry.register({ type: PUSH_JOB, description: "push (not run here)", payload: z.unknown() });
    await registry.publish(db);
    deps = { db, queue: new Queue({ db, registry, clock }), clock, logger: silentLogger(), providers, settings, kinds: SYNC_KINDS };
  });

  /** A user of `tier` with background push on, last synced `ago` ms before now, and `nodes` pending notes. */
  async function user(id: string, o: { tier: string; ago: number; nodes: number; entitlements?: string[]; status?: string }) {
    const { db } = file.t;
    await upsertUser(db, { id, entitlements: o.entitlements ?? ["notion_sync"], tier: o.tier, metadata: {} });
    const { connection } = await db.transaction((tx) =>
      saveConnection(tx, ring, {
        userId: id,
        provider: "notion",
        account: {
          externalId: `ws-${id}`,
          metadata: {},
          tokens: { accessToken: "secret_x", refreshToken: null, expiresAt: null, scopes: [] },
        },
        now: clock.now(),
      }),
    );
    if (o.status) await db.query("UPDATE connections SET status = $2 WHERE id = $1", [connection.id, o.status]);
    await setBackground(db, id, "push", true);
    await db.query("UPDATE sync_schedules SET last_synced_at = $2 WHERE user_id = $1", [id, new Date(clock.now().getTime() - o.ago)]);
    const docs = Array.from({ length: o.nodes }, (_, i) => ({
      kind: "note",
      id: `n${i}`,
      parent: null,
      title: `Note ${i}`,
      body: "text",
      position: i,
      updatedAt: null,
    }));
    if (docs.length) await db.transaction((tx) => upsertDocuments(tx, id, docs));
  }
  const lead = async (holder = "a") => {
    const l = await new Leadership(file.t.db, { holder, leaseMs: 15_000, clock }).bid();
    if (!l) throw new Error(`${holder} does not lead`);
    return l;
  };
  const schedule = async (id: string) => (await schedulesOf(file.t.db, id))[0];

  it("admits the most late first relative to the tier: paid 10 min late before free 10 min late; the rest waits for room", async () => {
    // 60 pending notes × 2 calls = 120 calls: one fits in the 144-call window, not two.
    await user("free_late", { tier: "free", ago: 24 * 60 * MIN + 10 * MIN, nodes: 60 });
    await user("paid_late", { tier: "paid", ago: 25 * MIN, nodes: 60 });
    const report = await tick(deps, await lead());
    expect(report.kinds[0]).toMatchObject({
      kind: "push",
      window_calls: 144,
      in_flight: 0,
      due: 2,
      admitted: 1,
      admitted_calls: 120,
      deferred: 1,
    });
    expect((await schedule("paid_late"))?.admitted_job_id).not.toBeNull();
    expect((await schedule("free_late"))?.admitted_job_id).toBeNull();
    // Next tick: the paid run is still in flight (120 calls), so the free one still waits.
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ in_flight: 120, admitted: 0, deferred: 1 });
    // The paid run ends (measured: 1.5 calls a node); the free one goes next.
    const job = (await schedule("paid_late"))?.admitted_job_id as string;
    await recordRunEnd(file.t.db, {
      kind: "push",
      userId: "paid_late",
      jobId: job,
      calls: 90,
      units: 60,
      startedAt: clock.now(),
      now: clock.now(),
      workLeft: false,
    });
    expect(await schedule("paid_late")).toMatchObject({ admitted_job_id: null, last_cost: 90, calls_per_unit: 1.5 });
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ in_flight: 0, due: 1, admitted: 1 });
  });

  it("marks a due user with nothing pending synced, without a job or a call; users not yet due are left alone", async () => {
    await user("idle", { tier: "paid", ago: 20 * MIN, nodes: 0 });
    await user("fresh", { tier: "paid", ago: 5 * MIN, nodes: 3 });
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ due: 1, idle: 1, admitted: 0 });
    expect((await schedule("idle"))?.last_synced_at?.getTime()).toBe(clock.now().getTime());
    expect((await deps.queue.stats()).byStatus.queued).toBe(0);
  });

  it("skips a user without the entitlement or with an invalid connection until that changes; a tier change applies at the next tick", async () => {
    await user("unentitled", { tier: "free", ago: 30 * MIN, nodes: 2, entitlements: [] });
    await user("revoked", { tier: "free", ago: 30 * MIN, nodes: 2, status: "invalid" });
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ due: 0 });
    await file.t.db.query("UPDATE app_users SET entitlements = '{notion_sync}' WHERE id = 'unentitled'");
    await file.t.db.query("UPDATE connections SET status = 'active' WHERE user_id = 'revoked'");
    // Free users synced 30 min ago are not due (24 h); as paid users (15 min) they are.
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ due: 0 });
    await file.t.db.query("UPDATE app_users SET tier = 'paid'");
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ due: 2, admitted: 2 });
  });

  it("fences the lead: one holder at a time; a leader paused past its lease admits nobody once another took over", async () => {
    await user("u1", { tier: "paid", ago: 20 * MIN, nodes: 1 });
    const a = await lead("a");
    expect(await new Leadership(file.t.db, { holder: "b", leaseMs: 15_000, clock }).bid()).toBeNull();
    expect((await lead("a")).fence).toBe(a.fence);
    clock.advance(16_000);
    const b = await lead("b");
    expect(b.fence).toBe(a.fence + 1n);
    // "a" wakes up and ticks with its old fence: nothing is written.
    const stale = await tick(deps, a);
    expect(stale.kinds[0]).toMatchObject({ admitted: 0 });
    expect((await schedule("u1"))?.admitted_job_id).toBeNull();
    expect((await deps.queue.stats()).byStatus.queued).toBe(0);
    expect((await tick(deps, b)).kinds[0]).toMatchObject({ admitted: 1 });
    const status = await schedulerStatus(file.t.db, settings, clock.now());
    expect(status.leader).toMatchObject({ holder: "b", fence: String(b.fence), active: true });
    expect(status.backlog).toEqual([expect.objectContaining({ kind: "push", tier: "paid", users: 1, in_flight: 1, due: 0 })]);
  });

  it("says when background demand is over what the quota gives it, and by how much", async () => {
    await user("p1", { tier: "paid", ago: 0, nodes: 0 });
    await user("p2", { tier: "paid", ago: 0, nodes: 0 });
    const status = () => schedulerStatus(file.t.db, settings, clock.now(), { providers });
    expect((await status()).capacity).toEqual([
      expect.objectContaining({ kind: "push", demand_per_s: 0, status: "within capacity" }),
      expect.objectContaining({ kind: "pull", demand_per_s: 0, status: "within capacity" }),
    ]);
    // Each of them cost 5,400 calls a run, every 15 minutes: 12 calls/s against 3 × 0.8 = 2.4.
    await file.t.db.query("UPDATE sync_schedules SET last_cost = 5400");
    expect((await status()).capacity.slice(0, 1)).toEqual([
      expect.objectContaining({
        kind: "push",
        background_per_s: 2.4,
        demand_per_s: 12,
        capacity_ratio: 0.2,
        status: "over capacity: the quota covers 20% of demand",
      }),
    ]);
  });

  it("a run that did only part of a sync (one database asked for) frees its admission but leaves the last sync", async () => {
    await user("part", { tier: "paid", ago: 20 * MIN, nodes: 1 });
    const before = (await schedule("part"))?.last_synced_at?.getTime();
    const end = {
      kind: "push" as const,
      userId: "part",
      jobId: "1",
      calls: 3,
      units: 1,
      startedAt: clock.now(),
      now: clock.now(),
      workLeft: false,
    };
    await recordRunEnd(file.t.db, { ...end, synced: false });
    expect((await schedule("part"))?.last_synced_at?.getTime()).toBe(before);
    await recordRunEnd(file.t.db, end);
    expect((await schedule("part"))?.last_synced_at?.getTime()).toBe(clock.now().getTime());
  });

  it("forgets an admission whose job ended without reporting, so the user is due again", async () => {
    await user("u2", { tier: "paid", ago: 20 * MIN, nodes: 1 });
    await tick(deps, await lead());
    const job = (await schedule("u2"))?.admitted_job_id;
    await file.t.db.query("DELETE FROM jobs WHERE id = $1", [job]);
    expect((await tick(deps, await lead())).kinds[0]).toMatchObject({ forgotten: 1, admitted: 1 });
  });
});
