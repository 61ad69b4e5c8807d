import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { benchDbName, connect, databaseChurn, recreateDatabase, snapshot, urlFor, walBytesBetween } from "./db.ts";
import { cpuTimes, waitForQuietHost } from "./host.ts";
import type { QueueSystem } from "./systems/types.ts";
import { WorkerGroup } from "./workers.ts";

/** Backends publish stats at most once a second; wait a bit longer than that. */
const STATS_SETTLE_MS = 1200;
const POLL_MS = 50;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
/** Before each run, wait (bounded) for other load on the shared host to pass. */
const QUIET_BUSY_PCT = 25;

export interface RunResult {
  ok: boolean;
  error?: string;
  seconds: number;
  jobs_per_sec: number;
  commits_per_job: number;
  wal_bytes_per_job: number;
  /** Raw xact_commit delta on the bench database (includes the polls). */
  xact_commit_delta: number;
  /** Completion polls made by the harness, subtracted from the delta. */
  polls: number;
  /** WAL is cluster-wide; bytes written while this run was measured. */
  wal_bytes: number;
  /** The measured WAL range, "from..to" (inspect with pg_waldump -s/-e). */
  wal_lsn_range: string;
  /**
   * Commits in other databases during the measured window (includes this
   * harness's few snapshot reads on `postgres`). Large values mean other
   * tenants were writing and the WAL figure is inflated.
   */
  other_db_commits: number;
  /**
   * Checkpoints during the window (ours never asks for one; CREATE/DROP
   * DATABASE elsewhere on the cluster forces them). After a checkpoint the
   * next change to each page logs the whole 8 kB page, inflating WAL.
   */
  checkpoints: number;
  /**
   * Databases created or dropped elsewhere during the window. CREATE
   * DATABASE logs a copy of its template, which lands in our WAL figure.
   */
  other_db_churn: number;
  /** Host CPU busy% just before the run (other tenants' load). */
  host_busy_before_pct: number;
  /** Host CPU busy% during the drain (workers + PostgreSQL + anything else). */
  host_busy_during_pct: number;
}

export interface RunOptions {
  adminUrl: string;
  jobs: number;
  timeoutMs: number;
  /** How long to wait for the shared host to go quiet before each run. */
  quietWaitMs?: number;
}

async function scalar(client: pg.Client, sql: string, column: string): Promise<number> {
  const res = await client.query<Record<string, unknown>>(sql);
  return Number(res.rows[0]?.[column]);
}

/** A failed run: figures are NaN (null in the JSON). */
export function failed(error: string): RunResult {
  const nan = Number.NaN;
  return {
    ok: false,
    error,
    seconds: nan,
    jobs_per_sec: nan,
    commits_per_job: nan,
    wal_bytes_per_job: nan,
    xact_commit_delta: nan,
    polls: 0,
    wal_bytes: nan,
    wal_lsn_range: "",
    other_db_commits: nan,
    checkpoints: nan,
    other_db_churn: nan,
    host_busy_before_pct: nan,
    host_busy_during_pct: nan,
  };
}

/** One burn-down of `jobs` jobs for `system` on a freshly created database. */
export async function runOnce(admin: pg.Client, system: QueueSystem, opts: RunOptions): Promise<RunResult> {
  const db = benchDbName(system.name);
  const url = urlFor(opts.adminUrl, db);
  await recreateDatabase(admin, db);
  await system.setup(url);
  await system.enqueue(url, opts.jobs);

  // The poll connection is opened (and first used) before the "before"
  // snapshot, so only its completion polls land in the measured window.
  const poller = await connect(url);
  let pollerOpen = true;
  let workers: WorkerGroup | undefined;
  try {
    const queued = await scalar(poller, system.remainingSql, "remaining");
    if (!(queued > 0)) return failed(`nothing to do after enqueue (remaining = ${queued})`);
    // Autovacuum (off on the reference server, and too slow to react to a
    // burst anyway) would normally have given the planner statistics for
    // the freshly loaded tables; give every system the same starting point.
    await poller.query("ANALYZE"); // one transaction per table
    // Publish this connection's counts (pre-check, ANALYZE) now; otherwise
    // they could be held back for 10 s and leak into the measured window.
    // PostgreSQL < 15 lacks the function; its stats collector has no such delay.
    await poller.query("SELECT pg_stat_force_next_flush()").catch(() => undefined);

    const hostBusyBefore = await waitForQuietHost(QUIET_BUSY_PCT, opts.quietWaitMs ?? 60_000);
    await sleep(STATS_SETTLE_MS);
    const before = await snapshot(admin, db);

    workers = new WorkerGroup(system, url);
    const readyBy = Date.now() + READY_TIMEOUT_MS;
    while (!workers.allReady) {
      if (workers.failure) return failed(workers.failure);
      if (Date.now() > readyBy) return failed("workers not ready in time");
      await sleep(10);
    }

    const cpu0 = await cpuTimes();
    const t0 = performance.now();
    const deadline = t0 + opts.timeoutMs;
    workers.broadcast({ type: "go" });
    let polls = 0;
    let remaining = opts.jobs;
    while (remaining > 0) {
      const tick = performance.now();
      if (workers.failure) return failed(workers.failure);
      if (tick > deadline) return failed(`timed out with ${remaining} jobs remaining`);
      // Each poll is one committed read transaction on the bench database.
      remaining = await scalar(poller, system.remainingSql, "remaining");
      polls++;
      if (remaining > 0) await sleep(Math.max(0, POLL_MS - (performance.now() - tick)));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = await cpuTimes();

    const { killed } = await workers.stop(STOP_GRACE_MS);
    workers = undefined;
    if (killed > 0) console.warn(`  ! ${killed} ${system.name} worker(s) had to be killed`);
    pollerOpen = false;
    await poller.end(); // an exiting backend flushes its stats
    await sleep(STATS_SETTLE_MS);
    const after = await snapshot(admin, db);
    const walBytes = await walBytesBetween(admin, before.walLsn, after.walLsn);

    const check = await connect(url);
    try {
      const left = await scalar(check, system.remainingSql, "remaining");
      if (left !== 0) return failed(`${left} jobs reappeared after the workers stopped`);
      if (system.verifySql) {
        const completed = await scalar(check, system.verifySql, "completed");
        if (completed !== opts.jobs) return failed(`${completed} jobs completed, expected ${opts.jobs}`);
      }
    } finally {
      await check.end();
    }

    // Subtract the harness's own completion polls from the commit count.
    const xactDelta = after.xactCommit - before.xactCommit;
    return {
      ok: true,
      seconds,
      jobs_per_sec: opts.jobs / seconds,
      commits_per_job: (xactDelta - polls) / opts.jobs,
      wal_bytes_per_job: walBytes / opts.jobs,
      xact_commit_delta: xactDelta,
      polls,
      wal_bytes: walBytes,
      wal_lsn_range: `${before.walLsn}..${after.walLsn}`,
      other_db_commits: after.otherCommits - before.otherCommits,
      checkpoints: after.checkpoints - before.checkpoints,
      other_db_churn: databaseChurn(before, after),
      host_busy_before_pct: hostBusyBefore,
      host_busy_during_pct: cpu0 && cpu1 ? (100 * (cpu1[0] - cpu0[0])) / (cpu1[1] - cpu0[1]) : Number.NaN,
    };
  } finally {
    if (workers) await workers.stop(STOP_GRACE_MS);
    if (pollerOpen) await poller.end().catch(() => undefined);
  }
}
