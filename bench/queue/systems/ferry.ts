import { fileURLToPath } from "node:url";
import { migrate } from "../../../src/db/migrate.ts";
import { openPostgres } from "../../../src/db/postgres.ts";
import type { Db } from "../../../src/db/types.ts";
import { buildRegistry, catalog } from "../../../src/jobs/catalog.ts";
import { silentLogger } from "../../../src/logger.ts";
import { Queue } from "../../../src/queue/queue.ts";
import type { QueueSystem } from "./types.ts";

/** Settings shared by the adapter (for `config`) and the worker processes. */
// BENCH_FERRY_* variables override them, for tuning runs.
const env = (name: string, fallback: number) => Number(process.env[`BENCH_FERRY_${name}`] ?? fallback);
export const FERRY_SETTINGS = {
  processes: env("PROCESSES", 2),
  concurrency: env("CONCURRENCY", 100),
  batchSize: env("BATCH", 500),
  poolSize: env("POOL", 4),
  flushDelayMs: env("FLUSH_MS", 2),
  leaseMs: 30_000,
};

export function ferryServices(url: string, keepCompleted: boolean, poolSize = FERRY_SETTINGS.poolSize) {
  const logger = silentLogger();
  const db: Db = openPostgres({ url, schema: "ferry", poolSize, logger, applicationName: "ferry-bench" });
  const { registry, handlers } = buildRegistry(catalog({ logger }));
  const queue = new Queue({ db, registry, keepCompleted });
  return { db, logger, registry, handlers, queue };
}

function variant(name: string, keepCompleted: boolean): QueueSystem {
  const s = FERRY_SETTINGS;
  return {
    name,
    config:
      `${s.processes} processes × concurrency ${s.concurrency}, claim/complete batches of ${s.batchSize}, ` +
      `owner-checked, ${s.leaseMs / 1000} s leases with heartbeats, ` +
      (keepCompleted ? "completed jobs kept in jobs_finished (default)" : "completed jobs deleted (JOB_RETENTION_DAYS=0)"),
    workerScript: fileURLToPath(new URL("./ferry.worker.ts", import.meta.url)),
    workerArgs: [keepCompleted ? "keep" : "delete"],
    processes: s.processes,

    async setup(url) {
      const { db, logger, registry } = ferryServices(url, keepCompleted, 2);
      try {
        await migrate(db, logger);
        await registry.publish(db);
      } finally {
        await db.close();
      }
    },

    async enqueue(url, jobs) {
      const { db, queue } = ferryServices(url, keepCompleted, 2);
      try {
        const res = await queue.enqueueMany(Array.from({ length: jobs }, (_, i) => ({ type: "ferry.noop", payload: { note: String(i) } })));
        if (res.length !== jobs || !res.every((r) => r.created)) throw new Error(`enqueued ${res.length} jobs, expected ${jobs}`);
      } finally {
        await db.close();
      }
    },

    remainingSql: "SELECT count(*)::int AS remaining FROM (SELECT 1 FROM ferry.jobs LIMIT 1000) AS unfinished",
    ...(keepCompleted ? { verifySql: "SELECT count(*)::int AS completed FROM ferry.jobs_finished WHERE status = 'completed'" } : {}),
  };
}

export const ferry = variant("ferry", true);
export const ferryDeleteOnComplete = variant("ferry-delete", false);
