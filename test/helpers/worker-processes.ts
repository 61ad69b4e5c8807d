/**
 * Worker processes for the queue's multi-process tests on a real PostgreSQL server.
 *
 * Each worker is `test/fixtures/queue-worker.ts` in its own Node process, with its pool's
 * workerId also used as its connections' application_name, so triggers installed in the test's
 * schema can record which process performed each state change.
 */
import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, expect } from "vitest";
import { quoteIdent } from "../../src/db/types.ts";
import type { PoolCounts } from "../../src/queue/pool.ts";
import { Queue } from "../../src/queue/queue.ts";
import { JobRegistry } from "../../src/queue/registry.ts";
import { effectJob } from "../fixtures/multiprocess-jobs.ts";
import { type TestDb, testDb } from "./db.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WORKER_SCRIPT = join(ROOT, "test", "fixtures", "queue-worker.ts");

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerOptions {
  concurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  reapMs?: number;
  sleepMinMs?: number;
  sleepMaxMs?: number;
  graceMs?: number;
  logLevel?: string;
}

export interface Worker {
  id: string;
  proc: ChildProcess;
  ready: Promise<void>;
  /** The pool's counts, sent after a SIGTERM-triggered stop; undefined if it never came. */
  stopped: Promise<PoolCounts | undefined>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export const live = new Set<Worker>();

export function spawnWorker(t: TestDb, id: string, o: WorkerOptions = {}): Worker {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TEST_PG_URL: t.url as string,
    TEST_SCHEMA: t.schema,
    WORKER_ID: id,
    CONCURRENCY: String(o.concurrency ?? 4),
    BATCH_SIZE: String(o.batchSize ?? 10),
    LEASE_MS: String(o.leaseMs ?? 30_000),
    POLL_MS: String(o.pollMs ?? 200),
    SLEEP_MIN_MS: String(o.sleepMinMs ?? 0),
    SLEEP_MAX_MS: String(o.sleepMaxMs ?? o.sleepMinMs ?? 0),
    GRACE_MS: String(o.graceMs ?? 5000),
    LOG_LEVEL: o.logLevel ?? "error",
    MAX_LIFETIME_MS: "150000",
  };
  if (o.heartbeatMs !== undefined) env.HEARTBEAT_MS = String(o.heartbeatMs);
  else delete env.HEARTBEAT_MS;
  if (o.reapMs !== undefined) env.REAP_MS = String(o.reapMs);
  else delete env.REAP_MS;
  delete env.NODE_OPTIONS;
  const proc = fork(WORKER_SCRIPT, [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => {
    if (err.length < 1_000_000) err += d.toString();
  });
  proc.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let stoppedCounts: PoolCounts | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    proc.on("message", (m: { type?: string; counts?: PoolCounts }) => {
      if (m.type === "ready") resolve();
      if (m.type === "stopped") stoppedCounts = m.counts;
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker ${id} exited before ready (code ${code}, signal ${signal}): ${err.slice(-2000)}`)),
    );
  });
  ready.catch(() => undefined);
  const w: Worker = { id, proc, ready, exited, stopped: exited.then(() => stoppedCounts), stderr: () => err };
  live.add(w);
  void exited.then(() => live.delete(w));
  return w;
}

export function isAlive(w: Worker): boolean {
  return w.proc.exitCode === null && w.proc.signalCode === null;
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM (graceful pool.stop) and the pool's final counts. */
export async function stopWorker(w: Worker, timeoutMs = 20_000): Promise<PoolCounts> {
  if (!isAlive(w)) throw new Error(`worker ${w.id} is not running`);
  // Its SIGTERM handler is installed by the time it reports ready.
  await withTimeout(w.ready, timeoutMs, `worker ${w.id} to be ready before stopping it`);
  w.proc.kill("SIGTERM");
  const { code, signal } = await withTimeout(w.exited, timeoutMs, `worker ${w.id} to stop on SIGTERM`);
  const counts = await w.stopped;
  if (code !== 0 || !counts)
    throw new Error(`worker ${w.id} did not stop cleanly (code ${code}, signal ${signal}): ${w.stderr().slice(-2000)}`);
  return counts;
}

export async function killWorker(w: Worker): Promise<void> {
  w.proc.kill("SIGKILL");
  await withTimeout(w.exited, 10_000, `worker ${w.id} to die on SIGKILL`);
}

/** Never leave a process behind: continue stopped ones, then SIGKILL everything still alive. */
export async function killAll(): Promise<void> {
  const all = [...live];
  for (const w of all) {
    if (!isAlive(w)) continue;
    try {
      w.proc.kill("SIGCONT");
      w.proc.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.all(all.map((w) => withTimeout(w.exited, 10_000, `worker ${w.id} to exit`).catch(() => undefined)));
}

// ---------------------------------------------------------------------------------------------
// Database fixtures

export async function prepare(t: TestDb): Promise<Queue> {
  const s = quoteIdent(t.schema);
  await t.db.exec(`
    CREATE TABLE ${s}.effects (job_id bigint PRIMARY KEY, worker text NOT NULL, attempt int NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp());
    -- One row per handler call: no unique constraint on purpose.
    CREATE TABLE ${s}.invocations (job_id bigint NOT NULL, attempt int NOT NULL, worker text NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp());
    -- Every row entering jobs_finished, with the session (application_name = worker id) that moved it.
    CREATE TABLE ${s}.finish_audit (job_id bigint NOT NULL, status text NOT NULL, row_worker text, session_app text NOT NULL,
      attempts int NOT NULL, error_code text, at timestamptz NOT NULL DEFAULT clock_timestamp());
    -- Every change to a leased (processing) row: heartbeats, retries, releases, reaps.
    CREATE TABLE ${s}.lease_audit (job_id bigint NOT NULL, old_worker text, old_attempts int NOT NULL,
      old_lease_expires_at timestamptz, new_status text NOT NULL, new_worker text, new_attempts int NOT NULL,
      new_error_code text, session_app text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE FUNCTION ${s}.audit_finish() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${s}.finish_audit (job_id, status, row_worker, session_app, attempts, error_code)
      VALUES (NEW.id, NEW.status, NEW.worker_id, current_setting('application_name'), NEW.attempts, NEW.last_error->>'code');
      RETURN NULL;
    END $$;
    CREATE TRIGGER finish_audit AFTER INSERT ON ${s}.jobs_finished FOR EACH ROW EXECUTE FUNCTION ${s}.audit_finish();
    CREATE FUNCTION ${s}.audit_lease() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${s}.lease_audit (job_id, old_worker, old_attempts, old_lease_expires_at, new_status, new_worker,
        new_attempts, new_error_code, session_app)
      VALUES (OLD.id, OLD.worker_id, OLD.attempts, OLD.lease_expires_at, NEW.status, NEW.worker_id, NEW.attempts,
        NEW.last_error->>'code', current_setting('application_name'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER lease_audit AFTER UPDATE ON ${s}.jobs FOR EACH ROW WHEN (OLD.status = 'processing')
      EXECUTE FUNCTION ${s}.audit_lease();
  `);
  const registry = new JobRegistry().register(effectJob);
  await registry.publish(t.db);
  return new Queue({ db: t.db, registry });
}

export async function enqueue(queue: Queue, n: number): Promise<string[]> {
  const res = await queue.enqueueMany(Array.from({ length: n }, (_, i) => ({ type: effectJob.type, payload: { n: i } })));
  return res.map((r) => r.id);
}

export async function one<R>(t: TestDb, sql: string, params: unknown[] = []): Promise<R> {
  const res = await t.db.query<R>(sql, params);
  const row = res.rows[0];
  if (!row) throw new Error(`no row from: ${sql}`);
  return row;
}

export async function progress(
  t: TestDb,
): Promise<{ live: number; processing: number; finished: number; completed: number; dead: number }> {
  return one(
    t,
    `SELECT (SELECT count(*) FROM jobs)::int AS live,
            (SELECT count(*) FROM jobs WHERE status = 'processing')::int AS processing,
            (SELECT count(*) FROM jobs_finished)::int AS finished,
            (SELECT count(*) FROM jobs_finished WHERE status = 'completed')::int AS completed,
            (SELECT count(*) FROM jobs_finished WHERE status = 'dead_letter')::int AS dead`,
  );
}

/** Polls `check` until it returns true; bounded. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function waitDrained(t: TestDb, total: number, timeoutMs: number, workers: Worker[] = []): Promise<void> {
  try {
    await waitFor(
      `all ${total} jobs to finish`,
      async () => {
        const p = await progress(t);
        return p.live === 0 && p.finished === total;
      },
      timeoutMs,
      100,
    );
  } catch (err) {
    const p = await progress(t);
    const logs = workers.map((w) => `--- ${w.id} (alive: ${isAlive(w)})\n${w.stderr().slice(-1500)}`).join("\n");
    throw new Error(`${(err as Error).message}; progress ${JSON.stringify(p)}\n${logs}`);
  }
}

/** Invariants every scenario must keep, checked from the audit tables. */
export async function expectNoStaleOwnerActed(t: TestDb): Promise<void> {
  // Every job that reached jobs_finished was moved there by the session of the worker that held
  // its lease, except reaper dead letters (expired lease, moved by whichever worker reaped).
  const badFinish = await t.db.query(
    `SELECT * FROM finish_audit
     WHERE session_app IS DISTINCT FROM row_worker AND NOT (status = 'dead_letter' AND error_code = 'lease_expired')`,
  );
  expect(badFinish.rows).toEqual([]);
  // The completing worker is the one that ran the completed attempt's handler.
  const notRunner = await t.db.query(
    `SELECT f.* FROM finish_audit f
     WHERE f.status = 'completed'
       AND NOT EXISTS (SELECT 1 FROM invocations i WHERE i.job_id = f.job_id AND i.attempt = f.attempts AND i.worker = f.session_app)`,
  );
  expect(notRunner.rows).toEqual([]);
  // Changes to a leased row come from its owner (heartbeat, retry, release) or are reaps of an
  // expired lease.
  const badLease = await t.db.query(
    `SELECT * FROM lease_audit
     WHERE session_app IS DISTINCT FROM old_worker
       AND NOT (new_status = 'queued' AND new_worker IS NULL AND new_error_code = 'lease_expired'
                AND old_lease_expires_at < at AND new_attempts = old_attempts)`,
  );
  expect(badLease.rows).toEqual([]);
  // No attempt ever ran twice: a claim always takes a new attempt number.
  const dupAttempts = await t.db.query(
    "SELECT job_id, attempt, array_agg(worker) AS workers FROM invocations GROUP BY job_id, attempt HAVING count(*) > 1",
  );
  expect(dupAttempts.rows).toEqual([]);
}

export async function expectEveryJobDoneOnce(t: TestDb, ids: string[]): Promise<void> {
  const p = await progress(t);
  expect(p).toMatchObject({ live: 0, finished: ids.length });
  const missing = await one<{ n: number }>(
    t,
    "SELECT count(*)::int AS n FROM unnest($1::bigint[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM jobs_finished f WHERE f.id = x.id)",
    [ids],
  );
  expect(missing.n).toBe(0);
  const effects = await one<{ n: number; distinct_jobs: number; orphans: number; missing: number }>(
    t,
    `SELECT (SELECT count(*) FROM effects)::int AS n,
            (SELECT count(DISTINCT job_id) FROM effects)::int AS distinct_jobs,
            (SELECT count(*) FROM effects e WHERE NOT EXISTS (SELECT 1 FROM jobs_finished f WHERE f.id = e.job_id))::int AS orphans,
            (SELECT count(*) FROM jobs_finished f WHERE f.status = 'completed'
               AND NOT EXISTS (SELECT 1 FROM effects e WHERE e.job_id = f.id))::int AS missing`,
  );
  expect(effects).toEqual({ n: p.completed, distinct_jobs: p.completed, orphans: 0, missing: 0 });
}

// ---------------------------------------------------------------------------------------------

/**
 * For a test file: kills every worker process after each test, and hands out fresh server
 * schemas that are dropped after the file.
 */
export function useWorkerDbs(): () => Promise<TestDb> {
  const dbs: TestDb[] = [];
  afterEach(async () => {
    await killAll();
  });
  afterAll(async () => {
    await killAll();
    for (const t of dbs.splice(0)) await t.drop().catch(() => undefined);
  });
  return async () => {
    const t = await testDb("postgres");
    dbs.push(t);
    return t;
  };
}
