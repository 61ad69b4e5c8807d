import { z } from "zod";
import { type Clock, systemClock } from "../clock.ts";
import type { Db, Queryable } from "../db/types.ts";
import { describeIssues, fieldIssues, ValidationError } from "../errors.ts";
import type { JobRegistry } from "./registry.ts";
import * as admin from "./sql/admin.ts";
import { type EnqueueRow, insertJobs } from "./sql/enqueue.ts";
import type { EnqueueOptions, EnqueueResult, JobId, JobRecord } from "./types.ts";

const options = z
  .object({
    dedupeKey: z.string().min(1).max(512).optional(),
    runAt: z
      .date()
      .refine((d) => !Number.isNaN(d.getTime()), "expected a valid date")
      .optional(),
    delayMs: z.number().int("expected whole milliseconds").min(0, "delay must not be negative").optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "expected a queue name like default or sync.notion")
      .optional(),
  })
  .strict()
  .refine((o) => !(o.runAt && o.delayMs !== undefined), { message: "give runAt or delayMs, not both", path: ["delayMs"] });

export interface QueueOptions {
  db: Db;
  registry: JobRegistry;
  clock?: Clock;
  /** Keep completed jobs in jobs_finished (until retention cleanup) instead of deleting them. */
  keepCompleted?: boolean;
}

export interface EnqueueItem {
  type: string;
  payload: unknown;
  options?: EnqueueOptions;
}

/** The NOTIFY channel workers listen on; one per schema. */
export function jobsChannel(schema: string): string {
  return `${schema}_jobs`;
}

/** The queue's client side: enqueue, inspect, and manage dead letters. Workers live in pool.ts. */
export class Queue {
  readonly db: Db;
  readonly registry: JobRegistry;
  readonly clock: Clock;
  readonly keepCompleted: boolean;
  readonly channel: string;

  constructor(opts: QueueOptions) {
    this.db = opts.db;
    this.registry = opts.registry;
    this.clock = opts.clock ?? systemClock;
    this.keepCompleted = opts.keepCompleted ?? true;
    this.channel = jobsChannel(opts.db.schema);
  }

  /** Enqueues one job. Pass `tx` to enqueue atomically with the caller's own writes. */
  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}, tx?: Queryable): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany([{ type, payload, options: opts }], tx);
    return result as EnqueueResult;
  }

  /** Enqueues many jobs in one statement with one wake-up. All are validated before anything is written. */
  async enqueueMany(items: EnqueueItem[], tx?: Queryable): Promise<EnqueueResult[]> {
    if (items.length === 0) return [];
    const rows = items.map((item, i) => this.toRow(item, items.length > 1 ? `jobs[${i}].` : ""));
    return insertJobs(tx ?? this.db, rows, this.channel);
  }

  private toRow(item: EnqueueItem, prefix: string): EnqueueRow {
    const def = this.registry.get(item.type);
    let payload: unknown;
    try {
      payload = this.registry.parsePayload(item.type, item.payload);
    } catch (err) {
      if (err instanceof ValidationError && prefix) {
        const issues = err.issues.map((i) => ({ ...i, field: prefix + i.field }));
        throw new ValidationError(`invalid job ${prefix.slice(0, -1)}: ${describeIssues(issues)}`, issues);
      }
      throw err;
    }
    const parsed = options.safeParse(item.options ?? {});
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues, `${prefix}options`);
      throw new ValidationError(`invalid enqueue options: ${describeIssues(issues)}`, issues);
    }
    const o = parsed.data;
    const runAt = o.runAt ?? (o.delayMs !== undefined ? new Date(this.clock.now().getTime() + o.delayMs) : this.clock.now());
    return {
      queue: o.queue ?? def.queue,
      type: item.type,
      payload,
      priority: o.priority ?? def.priority,
      runAt,
      maxAttempts: o.maxAttempts ?? def.maxAttempts,
      dedupeKey: o.dedupeKey ?? null,
    };
  }

  stats(): Promise<admin.QueueStats> {
    return admin.queueStats(this.db, this.clock.now());
  }

  list(filter: Partial<admin.ListFilter> = {}): Promise<JobRecord[]> {
    return admin.listJobs(this.db, { ...filter, limit: Math.min(Math.max(filter.limit ?? 50, 1), 1000) });
  }

  get(id: JobId): Promise<JobRecord | undefined> {
    return admin.getJob(this.db, id);
  }

  /** The live jobs holding any of these dedupe keys (pass `tx` to read inside the caller's transaction). */
  liveByDedupeKey(keys: readonly string[], tx?: Queryable) {
    return admin.liveByDedupeKey(tx ?? this.db, keys);
  }

  replay(selector: admin.DeadLetterSelector = {}): Promise<{ replayed: JobId[]; skipped: JobId[] }> {
    return admin.replayDeadLetters(this.db, selector, this.clock.now());
  }

  discard(selector: admin.DeadLetterSelector = {}): Promise<JobId[]> {
    return admin.discardDeadLetters(this.db, selector);
  }

  /** Deletes finished jobs past retention; 0 days keeps that kind forever (dead letters) or is a no-op. */
  cleanup(retention: { completedDays: number; deadLetterDays: number }): Promise<{ completed: number; deadLettered: number }> {
    const now = this.clock.now().getTime();
    const day = 86_400_000;
    return admin.cleanupFinished(this.db, {
      completedBefore: retention.completedDays > 0 ? new Date(now - retention.completedDays * day) : null,
      deadLetteredBefore: retention.deadLetterDays > 0 ? new Date(now - retention.deadLetterDays * day) : null,
    });
  }
}
