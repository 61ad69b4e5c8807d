import { z } from "zod";
import { FakeClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/types.ts";
import type { CatalogEntry } from "../../src/jobs/catalog.ts";
import { buildRegistry } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import { type PoolOptions, WorkerPool } from "../../src/queue/pool.ts";
import { Queue } from "../../src/queue/queue.ts";
import { EXPONENTIAL_1S_TO_1H } from "../../src/queue/retry.ts";
import type { JobHandler } from "../../src/queue/types.ts";

/** Job types the queue tests use; handlers are swapped per test through `behaviour`. */
export function testEntries(behaviour: { current: JobHandler }): CatalogEntry[] {
  const call: JobHandler = (p, ctx) => behaviour.current(p, ctx);
  return [
    { definition: { type: "test.work", payload: z.object({ n: z.number().int() }).strict() }, handler: call },
    {
      definition: { type: "test.backoff", payload: z.object({ n: z.number().int() }), retry: EXPONENTIAL_1S_TO_1H, maxAttempts: 4 },
      handler: call,
    },
    { definition: { type: "test.other", payload: z.object({}).passthrough(), queue: "other" }, handler: call },
  ];
}

export async function testQueue(db: Db, opts: { clock?: FakeClock; keepCompleted?: boolean } = {}) {
  const behaviour: { current: JobHandler } = { current: async () => {} };
  const { registry, handlers } = buildRegistry(testEntries(behaviour));
  await registry.publish(db);
  const clock = opts.clock ?? new FakeClock(Date.UTC(2026, 0, 1));
  const queue = new Queue({ db, registry, clock, keepCompleted: opts.keepCompleted ?? true });
  const pool = (over: Partial<PoolOptions> = {}) =>
    new WorkerPool({
      queue,
      handlers,
      logger: silentLogger(),
      concurrency: 4,
      batchSize: 10,
      leaseMs: 30_000,
      pollIntervalMs: 200,
      random: () => 0.5,
      ...over,
    });
  return { queue, registry, handlers, behaviour, clock, pool };
}

/**
 * Runs a live job's handler once in this process, as a worker would after claiming it (attempt
 * `attempts + 1`, a signal that never aborts), then removes the job from the live table as a
 * completion does. For tests that drive jobs one at a time instead of through a pool.
 */
export async function runInline(db: Db, handlers: ReadonlyMap<string, JobHandler>, id: string, logger = silentLogger()): Promise<void> {
  const { rows } = await db.query<{
    type: string;
    queue: string;
    payload: unknown;
    priority: number;
    attempts: number;
    max_attempts: number;
    run_at: Date;
    created_at: Date;
    dedupe_key: string | null;
  }>("SELECT type, queue, payload, priority, attempts, max_attempts, run_at, created_at, dedupe_key FROM jobs WHERE id = $1", [id]);
  const row = rows[0];
  if (!row) throw new Error(`no live job ${id}`);
  const handler = handlers.get(row.type);
  if (!handler) throw new Error(`no handler for ${row.type}`);
  const job = {
    id,
    queue: row.queue,
    type: row.type,
    payload: row.payload,
    priority: row.priority,
    attempts: row.attempts + 1,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    createdAt: row.created_at,
    dedupeKey: row.dedupe_key,
  };
  await handler(row.payload, { job, logger, signal: new AbortController().signal, extendLease: async () => {} });
  await db.query("DELETE FROM jobs WHERE id = $1", [id]);
}
