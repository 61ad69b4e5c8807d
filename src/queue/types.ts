import type { z } from "zod";
import type { Logger } from "../logger.ts";
import type { RetryPolicy } from "./retry.ts";
import type { JobStatus } from "./transitions.ts";

export type JobId = string;

/** A job type: its name, the schema its payload must satisfy, and how it retries. */
export interface JobDefinition<P = unknown> {
  type: string;
  payload: z.ZodType<P>;
  description?: string;
  /** Attempts before dead letter, including the first. Default 5. */
  maxAttempts?: number;
  retry?: RetryPolicy;
  queue?: string;
  priority?: number;
}

export interface EnqueueOptions {
  /** While a job with this key is queued or processing, enqueue returns that job instead. */
  dedupeKey?: string;
  /** When the job may run; default now. */
  runAt?: Date;
  /** Alternative to runAt: run after this many milliseconds (≥ 0). */
  delayMs?: number;
  /** Higher runs first. Default from the job type (0). */
  priority?: number;
  maxAttempts?: number;
  queue?: string;
}

export interface EnqueueResult {
  id: JobId;
  /** False when an existing live job with the same dedupe key was returned. */
  created: boolean;
}

/** A job as a worker holds it after a claim. `attempts` is this attempt's number (1-based). */
export interface ClaimedJob {
  id: JobId;
  queue: string;
  type: string;
  payload: unknown;
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
  dedupeKey: string | null;
}

/** Any job, live or finished, as listed by the admin API and CLI. */
export interface JobRecord extends Omit<ClaimedJob, "payload"> {
  payload: unknown;
  status: JobStatus;
  workerId: string | null;
  leaseExpiresAt: Date | null;
  lastError: unknown;
  finishedAt: Date | null;
  deadLetteredAt: Date | null;
  deadLetterReason: string | null;
}

export interface JobContext<P = unknown> {
  job: ClaimedJob & { payload: P };
  /** Aborts when the lease is lost or the shutdown grace period ends; reason is the cause. */
  signal: AbortSignal;
  logger: Logger;
  /** Extends this job's lease now (heartbeats already do this periodically). */
  extendLease(): Promise<void>;
}

export type JobHandler<P = unknown> = (payload: P, ctx: JobContext<P>) => Promise<void>;

/** Outcome of a failed attempt, decided in code, applied by the fail SQL. */
export interface FailureRecord {
  id: JobId;
  attempts: number;
  /** Next run time for a retry; null dead-letters the job. */
  retryAt: Date | null;
  error: { code: string; message: string; attempt: number; at: string };
  deadLetterReason: string | null;
}
