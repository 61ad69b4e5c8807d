import type { Queryable } from "../db/types.ts";
import { FerryError } from "../errors.ts";
import { getJob } from "../queue/sql/admin.ts";

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a job has finished: resolves once it completed (or was cleaned up after
 * completing), throws once it was dead-lettered, or when `timeoutMs` passes first. A job
 * waiting for a retry is still waited for; the timeout message names its last error.
 */
export async function waitForJob(db: Queryable, jobId: string, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const job = await getJob(db, jobId);
    if (!job || job.status === "completed") return;
    if (job.status === "dead_letter")
      throw new FerryError("non_retryable", `job ${jobId} (${job.type}) was dead-lettered: ${JSON.stringify(job.lastError)}`);
    if (Date.now() >= deadline) {
      const last = job.lastError ? `; last error: ${JSON.stringify(job.lastError)}` : "";
      throw new FerryError("provider_unavailable", `job ${jobId} (${job.type}) is still ${job.status} after ${opts.timeoutMs} ms${last}`);
    }
    await sleep(opts.pollMs ?? 250);
  }
}
