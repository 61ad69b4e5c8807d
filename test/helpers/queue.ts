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
