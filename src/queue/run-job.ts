import { LeaseLostError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { JobRegistry } from "./registry.ts";
import type { ClaimedJob, JobHandler } from "./types.ts";

export type JobOutcome = { kind: "completed" } | { kind: "failed"; error: unknown } | { kind: "lost" };

export interface RunJobDeps {
  registry: JobRegistry;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  extendLease: (job: ClaimedJob) => Promise<void>;
}

/**
 * The worker loop's middle step: validate the payload, run the handler, report the outcome.
 * It never touches the database; the pool applies the outcome in batches.
 */
export async function runJob(job: ClaimedJob, controller: AbortController, deps: RunJobDeps): Promise<JobOutcome> {
  const logger = deps.logger.child({ jobId: job.id, type: job.type, attempt: job.attempts });
  let payload: unknown;
  try {
    payload = deps.registry.parsePayload(job.type, job.payload);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "job payload failed its schema; dead-lettering");
    return { kind: "failed", error };
  }
  const handler = deps.handlers.get(job.type);
  if (!handler) return { kind: "failed", error: new Error(`no handler registered for job type ${job.type}`) };
  try {
    await handler(payload, {
      job: { ...job, payload },
      signal: controller.signal,
      logger,
      extendLease: () => deps.extendLease(job),
    });
    if (controller.signal.reason instanceof LeaseLostError) return { kind: "lost" };
    return { kind: "completed" };
  } catch (error) {
    if (controller.signal.reason instanceof LeaseLostError) return { kind: "lost" };
    logger.debug({ err: (error as Error)?.message }, "job attempt failed");
    return { kind: "failed", error };
  }
}
