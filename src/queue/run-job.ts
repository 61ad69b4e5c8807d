import { LeaseLostError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { JobRegistry } from "./registry.ts";
import type { ClaimedJob, JobContext, JobHandler } from "./types.ts";

export type JobOutcome = { kind: "completed" } | { kind: "failed"; error: unknown } | { kind: "lost" };

/**
 * A running job's link to its lease. The AbortController is made only when a handler asks for
 * `ctx.signal` (most short jobs never do), and a job aborted before that still sees it aborted.
 */
export class LeaseSignal {
  private controller: AbortController | undefined;
  reason: Error | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
  }

  get lost(): boolean {
    return this.reason instanceof LeaseLostError;
  }
}

export interface RunJobDeps {
  registry: JobRegistry;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  extendLease: (job: ClaimedJob) => Promise<void>;
}

/**
 * What a handler gets. A class rather than an object literal so that nothing is allocated per
 * job beyond this one object: the logger and the abort signal are made only when asked for.
 */
class Context implements JobContext {
  private log: Logger | undefined;

  constructor(
    readonly job: ClaimedJob,
    private readonly lease: LeaseSignal,
    private readonly deps: RunJobDeps,
  ) {}

  get signal(): AbortSignal {
    return this.lease.signal;
  }

  get logger(): Logger {
    this.log ??= this.deps.logger.child({ jobId: this.job.id, type: this.job.type, attempt: this.job.attempts });
    return this.log;
  }

  extendLease(): Promise<void> {
    return this.deps.extendLease(this.job);
  }
}

const COMPLETED: JobOutcome = { kind: "completed" };
const LOST: JobOutcome = { kind: "lost" };

/**
 * The worker loop's middle step: validate the payload, run the handler, report the outcome.
 * It never touches the database; the pool applies the outcome in batches. The job's payload
 * is replaced by the parsed one (the pool owns the object).
 */
export async function runJob(job: ClaimedJob, lease: LeaseSignal, deps: RunJobDeps): Promise<JobOutcome> {
  const ctx = new Context(job, lease, deps);
  try {
    job.payload = deps.registry.parsePayload(job.type, job.payload);
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, "job payload failed its schema; dead-lettering");
    return { kind: "failed", error };
  }
  const handler = deps.handlers.get(job.type);
  if (!handler) return { kind: "failed", error: new Error(`no handler registered for job type ${job.type}`) };
  try {
    await handler(job.payload, ctx);
    return lease.lost ? LOST : COMPLETED;
  } catch (error) {
    if (lease.lost) return LOST;
    if (deps.logger.isLevelEnabled("debug")) ctx.logger.debug({ err: (error as Error)?.message }, "job attempt failed");
    return { kind: "failed", error };
  }
}
