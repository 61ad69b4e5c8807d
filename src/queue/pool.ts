import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { FerryError, LeaseLostError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { LeaseReaper } from "./daemons/reaper.ts";
import { decideFailure } from "./failure.ts";
import type { Queue } from "./queue.ts";
import { type JobOutcome, LeaseSignal, type RunJobDeps, runJob } from "./run-job.ts";
import { type Completion, completeAndClaim, completeJobs } from "./sql/claim.ts";
import { failJobs } from "./sql/fail.ts";
import { extendLeases, releaseJobs } from "./sql/leases.ts";
import type { ClaimedJob, FailureRecord, JobHandler, JobId } from "./types.ts";

export interface PoolOptions {
  queue: Queue;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  /** The queue this pool takes jobs from. */
  queueName?: string;
  concurrency: number;
  /** Jobs claimed per round trip; completions are flushed in batches of up to this size. */
  batchSize: number;
  leaseMs: number;
  /** How often held leases are extended; default a third of the lease. */
  heartbeatMs?: number;
  pollIntervalMs: number;
  /** How long finished jobs may wait to be completed together; default 2 ms. */
  flushDelayMs?: number;
  reapIntervalMs?: number;
  workerId?: string;
  random?: () => number;
}

export interface PoolCounts {
  claimed: number;
  completed: number;
  retried: number;
  deadLettered: number;
  lostLeases: number;
  released: number;
}

interface Held {
  job: ClaimedJob;
  started: boolean;
  lease?: LeaseSignal;
  /** Taken by a flush or fetch whose result has not come back. */
  inFlight: boolean;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * A worker process's pool: claims jobs in batches, runs up to `concurrency` at once, completes
 * them in batches (piggybacked on the next claim when possible), heartbeats every lease it holds
 * in one statement, wakes on NOTIFY with a polling fallback, and shuts down gracefully.
 */
export class WorkerPool {
  readonly workerId: string;
  readonly counts: PoolCounts = { claimed: 0, completed: 0, retried: 0, deadLettered: 0, lostLeases: 0, released: 0 };
  private readonly o: Required<Omit<PoolOptions, "workerId" | "random">> & { random: () => number };
  private readonly held = new Map<JobId, Held>();
  private readonly buffer: ClaimedJob[] = [];
  private running = 0;
  private pendingComplete: Completion[] = [];
  private pendingFail: FailureRecord[] = [];
  private fetchPromise: Promise<void> | null = null;
  private flushPromise: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  /** A heartbeat in progress; writes of outcomes wait for it so the two never lock the same rows. */
  private heartbeatPromise: Promise<void> | null = null;
  private drained = false;
  private mode: "idle" | "continuous" | "once" | "stopping" = "idle";
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly reaper: LeaseReaper;
  private readonly log: Logger;
  private readonly runDeps: RunJobDeps;

  constructor(opts: PoolOptions) {
    this.workerId = opts.workerId ?? newWorkerId();
    this.o = {
      queueName: "default",
      heartbeatMs: Math.max(500, Math.floor(opts.leaseMs / 3)),
      flushDelayMs: 2,
      reapIntervalMs: Math.max(1000, Math.min(10_000, Math.floor(opts.leaseMs / 2))),
      random: Math.random,
      ...opts,
    } as WorkerPool["o"];
    this.log = opts.logger.child({ workerId: this.workerId, queue: this.o.queueName });
    this.reaper = new LeaseReaper(opts.queue.db, opts.queue.clock, this.log, this.o.reapIntervalMs);
    this.runDeps = { registry: opts.queue.registry, handlers: opts.handlers, logger: this.log, extendLease: (j) => this.extendOne(j) };
  }

  private get db() {
    return this.o.queue.db;
  }

  private get types(): string[] {
    return [...this.o.handlers.keys()];
  }

  /** Starts the long-lived loop: LISTEN wake-ups, polling, heartbeats. */
  async start(): Promise<void> {
    if (this.mode !== "idle") throw new FerryError("conflict", "this worker pool is already running");
    this.mode = "continuous";
    this.unlisten = await this.db.listen(this.o.queue.channel, (payload) => {
      if (payload === "" || payload.split(",").includes(this.o.queueName)) this.wake();
    });
    this.pollTimer = setInterval(() => this.wake(), this.o.pollIntervalMs).unref();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.o.heartbeatMs).unref();
    this.log.info({ concurrency: this.o.concurrency, batchSize: this.o.batchSize, types: this.types }, "worker pool started");
    this.pump();
  }

  /** Something may be runnable: claim again even if the last claim came back short. */
  wake(): void {
    this.drained = false;
    this.pump();
  }

  /**
   * Serverless mode: claims at most `limit` jobs once, runs them, applies the outcomes and returns
   * what happened. Jobs still running after `budgetMs` are aborted and released.
   */
  async processBatch(limit: number, budgetMs: number): Promise<PoolCounts> {
    if (this.mode !== "idle") throw new FerryError("conflict", "processBatch needs a pool that is not running");
    this.mode = "once";
    const before = { ...this.counts };
    const hb = setInterval(() => void this.heartbeat(), this.o.heartbeatMs);
    try {
      await this.reaper.runNow();
      await this.fetch(limit);
      this.pump();
      const done = await this.waitIdle(budgetMs);
      if (!done) await this.abortAndRelease("time budget for this batch ran out");
      await this.flushAll();
    } finally {
      clearInterval(hb);
      this.mode = "idle";
    }
    const delta = { ...this.counts };
    for (const k of Object.keys(delta) as Array<keyof PoolCounts>) delta[k] -= before[k];
    return delta;
  }

  /**
   * Graceful shutdown: stop claiming, give unstarted jobs back, let running jobs finish within
   * `graceMs`, then abort and release the rest, and flush every outcome.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.mode === "stopping") return;
    const wasRunning = this.mode !== "idle";
    this.mode = "stopping";
    clearInterval(this.pollTimer);
    await this.unlisten?.().catch(() => undefined);
    await this.fetchPromise;
    await this.releaseUnstarted();
    try {
      // Heartbeats go on during the grace period: a job finishing late must not lose its lease.
      if (wasRunning) {
        const done = await this.waitIdle(graceMs);
        if (!done) await this.abortAndRelease("shutdown grace period ended");
      }
      await this.flushAll();
    } finally {
      clearInterval(this.heartbeatTimer);
    }
    this.log.info(this.counts, "worker pool stopped");
  }

  private pump(): void {
    if (this.mode === "stopping" || this.mode === "idle") return;
    while (this.running < this.o.concurrency && this.buffer.length > 0) {
      this.startJob(this.buffer.shift() as ClaimedJob);
    }
    if (this.mode !== "continuous" || this.fetchPromise || this.drained) return;
    // Refill before the slots starve: claim a full batch once fewer jobs wait than can run.
    if (this.buffer.length >= this.o.concurrency) return;
    this.reaper.maybeRun();
    this.fetchPromise = this.fetch(this.o.batchSize).finally(() => {
      this.fetchPromise = null;
      this.pump();
    });
  }

  /** Claims up to `limit` jobs, carrying every pending completion in the same round trip. */
  private async fetch(limit: number): Promise<void> {
    await this.heartbeatPromise;
    const completions = this.take("complete");
    const now = this.o.queue.clock.now();
    try {
      const res = await completeAndClaim(
        this.db,
        {
          workerId: this.workerId,
          queue: this.o.queueName,
          types: this.types,
          limit,
          now,
          leaseExpiresAt: new Date(now.getTime() + this.o.leaseMs),
        },
        completions,
        this.o.queue.keepCompleted,
      );
      this.applyCompletions(completions, res.completed);
      this.counts.claimed += res.claimed.length;
      for (const job of res.claimed) {
        // After a stall this worker may re-claim its own reaped job: the old attempt is gone.
        const stale = this.held.get(job.id);
        if (stale) this.abandon(stale, new LeaseLostError(job.id));
        this.held.set(job.id, { job, started: false, inFlight: false });
      }
      if (this.mode === "stopping") {
        await this.releaseJobs(res.claimed, false);
        return;
      }
      this.buffer.push(...res.claimed);
      this.drained = res.claimed.length < limit;
    } catch (err) {
      this.putBack("complete", completions);
      this.drained = true;
      this.log.error({ err: (err as Error).message }, "claiming jobs failed; retrying shortly");
      // Retry sooner than the poll when the poll is slow (e.g. the server was out of connections).
      if (this.mode === "continuous") setTimeout(() => this.wake(), Math.min(this.o.pollIntervalMs, 1000)).unref();
    }
  }

  private startJob(job: ClaimedJob): void {
    const h = this.held.get(job.id);
    if (!h) return;
    h.started = true;
    h.lease = new LeaseSignal();
    this.running++;
    void this.execute(job, h.lease);
  }

  private async execute(job: ClaimedJob, lease: LeaseSignal): Promise<void> {
    try {
      this.settle(job, await runJob(job, lease, this.runDeps));
    } catch (err) {
      this.log.error({ err: (err as Error).message, jobId: job.id }, "job settlement failed");
    } finally {
      this.running--;
      this.pump();
      this.notifyIdle();
    }
  }

  private settle(job: ClaimedJob, outcome: JobOutcome): void {
    const h = this.held.get(job.id);
    if (!h || h.job.attempts !== job.attempts) return; // released or lost meanwhile
    if (outcome.kind === "lost") {
      this.held.delete(job.id);
      this.counts.lostLeases++;
      return;
    }
    if (outcome.kind === "completed") {
      this.pendingComplete.push({ id: job.id, attempts: job.attempts });
    } else {
      const def = this.o.queue.registry.get(job.type);
      this.pendingFail.push(decideFailure(job, def, outcome.error, this.o.queue.clock.now(), this.o.random));
    }
    this.scheduleFlush();
  }

  /**
   * Outcomes are written together: by the next claim when one is on its way (it carries the
   * completions), otherwise after `flushDelayMs`, or at once when two batches' worth wait.
   */
  private scheduleFlush(): void {
    if (this.pendingComplete.length + this.pendingFail.length >= 2 * this.o.batchSize) {
      void this.flush();
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.onFlushTimer(), this.o.flushDelayMs);
    }
  }

  private onFlushTimer(): void {
    this.flushTimer = undefined;
    if (this.fetchPromise && this.mode === "continuous" && this.pendingFail.length === 0) {
      // A claim is in flight; when it returns, the pool either claims again (carrying these
      // completions) or this timer runs once more and writes them on their own.
      void this.fetchPromise.then(() => this.scheduleFlush());
      return;
    }
    void this.flush();
  }

  /** Writes pending completions and failures; one flush at a time, failures retried later. */
  private flush(): Promise<void> {
    if (this.flushPromise) return this.flushPromise.then(() => (this.hasPending() ? this.flush() : undefined));
    if (!this.hasPending()) return Promise.resolve();
    this.flushPromise = (async () => {
      await this.heartbeatPromise;
      const completions = this.take("complete");
      const failures = this.take("fail");
      const now = this.o.queue.clock.now();
      try {
        const [completed, failed] = await Promise.all([
          completeJobs(this.db, this.workerId, completions, now, this.o.queue.keepCompleted),
          failJobs(this.db, this.workerId, failures, now),
        ]);
        this.applyCompletions(completions, completed);
        for (const f of failures) {
          this.forget(f.id, f.attempts);
          const outcome = failed.get(f.id);
          if (outcome === "retried") this.counts.retried++;
          else if (outcome === "dead_letter") this.counts.deadLettered++;
          else this.lostOnWrite(f.id, "fail");
        }
      } catch (err) {
        this.putBack("complete", completions);
        this.putBack("fail", failures);
        this.log.error({ err: (err as Error).message }, "recording job outcomes failed; will retry");
        if (this.mode !== "stopping") setTimeout(() => this.scheduleFlush(), 1000).unref();
      } finally {
        this.flushPromise = null;
        this.notifyIdle();
      }
    })();
    return this.flushPromise;
  }

  private async flushAll(): Promise<void> {
    for (let i = 0; i < 5 && (this.hasPending() || this.flushPromise); i++) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      await this.flush();
    }
  }

  private hasPending(): boolean {
    return this.pendingComplete.length + this.pendingFail.length > 0;
  }

  private take(kind: "complete"): Completion[];
  private take(kind: "fail"): FailureRecord[];
  private take(kind: "complete" | "fail"): Completion[] | FailureRecord[] {
    const list = kind === "complete" ? this.pendingComplete : this.pendingFail;
    if (kind === "complete") this.pendingComplete = [];
    else this.pendingFail = [];
    for (const item of list) {
      const h = this.held.get(item.id);
      if (h) h.inFlight = true;
    }
    return list;
  }

  private putBack(kind: "complete" | "fail", items: Array<Completion | FailureRecord>): void {
    for (const item of items) {
      const h = this.held.get(item.id);
      if (h) h.inFlight = false;
    }
    if (kind === "complete") this.pendingComplete.unshift(...(items as Completion[]));
    else this.pendingFail.unshift(...(items as FailureRecord[]));
  }

  private applyCompletions(sent: Completion[], applied: Set<JobId>): void {
    for (const c of sent) {
      this.forget(c.id, c.attempts);
      if (applied.has(c.id)) this.counts.completed++;
      else this.lostOnWrite(c.id, "complete");
    }
    this.notifyIdle();
  }

  /** Drops a held job, but only the attempt given: a newer claim of the same job stays. */
  private forget(id: JobId, attempts: number): void {
    if (this.held.get(id)?.job.attempts === attempts) this.held.delete(id);
  }

  private lostOnWrite(id: JobId, what: string): void {
    this.counts.lostLeases++;
    this.log.warn({ jobId: id }, `job ${what} rejected: this worker no longer holds its lease`);
  }

  /**
   * Extends every lease this pool holds in one statement; jobs it no longer holds are abandoned.
   * Jobs whose outcome is being written are left out, and outcome writes wait for a running
   * heartbeat, so a heartbeat and a completion never lock the same rows (no deadlock).
   * Also gives the lease reaper a chance to run when every slot is busy and no claim happens.
   */
  private heartbeat(): Promise<void> {
    if (this.mode === "continuous") this.reaper.maybeRun();
    if (this.heartbeatPromise) return this.heartbeatPromise;
    this.heartbeatPromise = this.beat().finally(() => {
      this.heartbeatPromise = null;
    });
    return this.heartbeatPromise;
  }

  private async beat(): Promise<void> {
    if (this.flushPromise) await this.flushPromise;
    const snapshot = [...this.held.values()].filter((h) => !h.inFlight).map((h) => ({ id: h.job.id, attempts: h.job.attempts }));
    if (snapshot.length === 0) return;
    const now = this.o.queue.clock.now();
    let kept: Set<JobId>;
    try {
      kept = await extendLeases(this.db, this.workerId, snapshot, new Date(now.getTime() + this.o.leaseMs));
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "lease heartbeat failed");
      return;
    }
    for (const s of snapshot) {
      const h = this.held.get(s.id);
      if (kept.has(s.id) || !h || h.job.attempts !== s.attempts || h.inFlight) continue;
      this.abandon(h, new LeaseLostError(s.id));
    }
  }

  private async extendOne(job: ClaimedJob): Promise<void> {
    const now = this.o.queue.clock.now();
    const kept = await extendLeases(this.db, this.workerId, [job], new Date(now.getTime() + this.o.leaseMs));
    if (!kept.has(job.id)) {
      const h = this.held.get(job.id);
      const err = new LeaseLostError(job.id);
      if (h) this.abandon(h, err);
      throw err;
    }
  }

  /** Forgets a job whose lease is gone: aborts its handler and drops any pending outcome. */
  private abandon(h: Held, reason: Error): void {
    const { id, attempts } = h.job;
    this.forget(id, attempts);
    const i = this.buffer.indexOf(h.job);
    if (i >= 0) this.buffer.splice(i, 1);
    this.pendingComplete = this.pendingComplete.filter((c) => c.id !== id || c.attempts !== attempts);
    this.pendingFail = this.pendingFail.filter((f) => f.id !== id || f.attempts !== attempts);
    h.lease?.abort(reason);
    this.counts.lostLeases++;
    this.log.warn({ jobId: h.job.id }, "lost the lease on a job; its handler was told to stop");
    this.notifyIdle();
  }

  private async releaseUnstarted(): Promise<void> {
    const jobs = this.buffer.splice(0);
    await this.releaseJobs(jobs, false);
  }

  private async abortAndRelease(why: string): Promise<void> {
    const running = [...this.held.values()].filter((h) => h.started && !h.inFlight && h.lease);
    const outstanding = running.filter(
      (h) => !this.pendingComplete.some((c) => c.id === h.job.id) && !this.pendingFail.some((f) => f.id === h.job.id),
    );
    for (const h of outstanding) h.lease?.abort(new FerryError("lease_lost", `job released: ${why}`));
    this.log.warn({ jobs: outstanding.length }, `releasing running jobs: ${why}`);
    await this.releaseJobs(
      outstanding.map((h) => h.job),
      true,
    );
  }

  private async releaseJobs(jobs: ClaimedJob[], started: boolean): Promise<void> {
    if (jobs.length === 0) return;
    for (const j of jobs) this.forget(j.id, j.attempts);
    try {
      const n = await releaseJobs(
        this.db,
        this.workerId,
        jobs.map((j) => ({ id: j.id, attempts: j.attempts, started })),
        this.o.queue.clock.now(),
      );
      this.counts.released += n;
    } catch (err) {
      this.log.error({ err: (err as Error).message, jobs: jobs.length }, "releasing jobs failed; their leases will expire instead");
    }
    this.notifyIdle();
  }

  /** Resolves true when nothing is held or running, false after `timeoutMs`. */
  private waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private isIdle(): boolean {
    return this.running === 0 && this.buffer.length === 0 && (this.mode === "stopping" || this.held.size === 0) && !this.flushPromise;
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
