import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TickLine } from "../fixtures/scheduler-leader.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";
import { ROOT } from "../helpers/worker-processes.ts";

const SCRIPT = join(ROOT, "test", "fixtures", "scheduler-leader.ts");
const TICK_MS = 200;
const LEASE_MS = 1500;
const USERS = 600;
/** Users come due one every 60 ms over the run, so every leader in turn has some to admit. */
const SPACING_MS = 60;

interface Proc {
  name: string;
  child: ChildProcess;
  lines: TickLine[];
}

function spawnLeader(t: TestDb, name: string): Promise<Proc> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TEST_PG_URL: t.url as string,
    TEST_SCHEMA: t.schema,
    HOLDER: name,
    TICK_MS: String(TICK_MS),
    LEASE_MS: String(LEASE_MS),
  };
  delete env.NODE_OPTIONS;
  const child = fork(SCRIPT, [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const p: Proc = { name, child, lines: [] };
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    for (const l of parts) if (l.trim()) p.lines.push(JSON.parse(l) as TickLine);
  });
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(p));
    child.once("exit", (code) => reject(new Error(`${name} exited before ready (${code})`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ticksOf = (procs: Proc[], from: number, to: number) =>
  procs.flatMap((p) => p.lines.filter((l) => l.at >= from && l.at < to && l.recorded).map((l) => ({ ...l, proc: p.name })));

/**
 * One scheduler leader among three real processes on PostgreSQL: exactly one ticks; when it is
 * SIGKILLed another takes over within the lease; when the next one is SIGSTOPped past its lease a
 * third takes over, and the stopped one, continued, records nothing under its old fence; no user
 * is admitted twice.
 */
describe.skipIf(!pgUrl)("scheduler: one leader across processes (PostgreSQL)", () => {
  let t: TestDb;
  let procs: Proc[] = [];

  beforeAll(async () => {
    t = await testDb("postgres");
    const due = `now() - interval '15 minutes' + (g * ${SPACING_MS}) * interval '1 millisecond'`;
    await t.db.exec(`
      INSERT INTO app_users (id, entitlements, tier) SELECT 'u' || g, '{notion_sync}', 'paid' FROM generate_series(1, ${USERS}) g;
      INSERT INTO connections (id, user_id, provider, external_id, access_token)
        SELECT gen_random_uuid(), 'u' || g, 'notion', 'ws' || g, 'sealed' FROM generate_series(1, ${USERS}) g;
      INSERT INTO sync_schedules (user_id, kind, background, last_synced_at)
        SELECT 'u' || g, 'push', true, ${due} FROM generate_series(1, ${USERS}) g;
      INSERT INTO documents (user_id, kind, id, title, position) SELECT 'u' || g, 'note', 'n1', 'Note', 0 FROM generate_series(1, ${USERS}) g;
    `);
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await t?.drop();
  });

  it("exactly one ticks; SIGKILL and SIGSTOP of the leader hand over within the lease; the paused one acts no more; nobody is admitted twice", async () => {
    procs = await Promise.all(["a", "b", "c"].map((n) => spawnLeader(t, n)));
    const start = Date.now();
    await sleep(2000);
    const first = ticksOf(procs, start, Date.now());
    expect(first.length).toBeGreaterThan(3);
    expect(new Set(first.map((l) => `${l.proc}:${l.fence}`)).size).toBe(1);
    const leader1 = procs.find((p) => p.name === first[0]?.proc) as Proc;

    // SIGKILL the leader: another ticks, with the next fence, within the lease and a tick or two.
    const killedAt = Date.now();
    leader1.child.kill("SIGKILL");
    await sleep(LEASE_MS + 1500);
    const afterKill = ticksOf(procs, killedAt, Date.now());
    expect(afterKill.length).toBeGreaterThan(0);
    expect(new Set(afterKill.map((l) => l.proc)).size).toBe(1);
    const leader2 = procs.find((p) => p.name === afterKill[0]?.proc) as Proc;
    expect(leader2).not.toBe(leader1);
    expect(BigInt(afterKill[0]?.fence ?? 0)).toBe(BigInt(first[0]?.fence ?? 0) + 1n);
    const gap = (afterKill[0]?.at ?? 0) - Math.max(...first.filter((l) => l.proc === leader1.name).map((l) => l.at));
    expect(gap).toBeLessThan(LEASE_MS + 4 * TICK_MS + 500);

    // SIGSTOP the new leader past its lease: the third takes over; continued, the second records nothing.
    leader2.child.kill("SIGSTOP");
    const stoppedAt = Date.now();
    await sleep(LEASE_MS + 1500);
    const whileStopped = ticksOf(procs, stoppedAt, Date.now());
    const leader3 = procs.find((p) => p !== leader1 && p !== leader2) as Proc;
    expect(new Set(whileStopped.map((l) => l.proc))).toEqual(new Set([leader3.name]));
    expect(BigInt(whileStopped[0]?.fence ?? 0)).toBe(BigInt(afterKill[0]?.fence ?? 0) + 1n);
    const resumedAt = Date.now();
    leader2.child.kill("SIGCONT");
    await sleep(1500);
    // A tick the stop caught halfway may still print what it admitted before its lease ran out; none records.
    const stale = leader2.lines.filter((l) => l.at >= resumedAt);
    for (const l of stale) expect(l.recorded, "a tick under the old fence recorded its report").toBe(false);
    expect(ticksOf([leader2], resumedAt, Date.now())).toEqual([]);
    expect(ticksOf([leader3], resumedAt, Date.now()).length).toBeGreaterThan(0);

    // Every admission, by whichever leader, was of a different user; the killed one may have admitted
    // some in the tick it died in without printing them.
    const admitted = procs.flatMap((p) => p.lines.flatMap((l) => l.admitted));
    expect(admitted.length).toBeGreaterThan(50);
    expect(new Set(admitted).size).toBe(admitted.length);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_schedules WHERE admitted_job_id IS NOT NULL");
    expect(rows[0]?.n).toBeGreaterThanOrEqual(admitted.length);
    expect((rows[0]?.n ?? 0) - admitted.length).toBeLessThanOrEqual(60);
    const jobs = await t.db.query<{ n: number; users: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT payload ->> 'user_id')::int AS users FROM jobs",
    );
    expect(jobs.rows[0]?.n).toBe(jobs.rows[0]?.users);
    console.log(
      `scheduler leader: ${leader1.name} → ${leader2.name} after SIGKILL in ${gap} ms → ${leader3.name} after SIGSTOP; ` +
        `${stale.length} stale tick(s) of ${leader2.name} recorded nothing; ${admitted.length} users admitted once each`,
    );
  }, 60_000);
});
