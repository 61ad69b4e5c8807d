import { fileURLToPath } from "node:url";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import type { QueueSystem } from "./types.ts";

export interface GraphileSettings {
  processes: number;
  concurrentJobs: number;
  localQueueSize: number;
  /** ms to wait for more completions to batch; 0 = batch whatever is pending. */
  completeJobBatchDelay: number;
  /** Connections per process (graphile-worker's default is 10). */
  maxPoolSize: number;
}

/** Best configuration found on the reference machine (see README). */
export const GRAPHILE_BEST: GraphileSettings = {
  processes: 2,
  concurrentJobs: 24,
  localQueueSize: 500,
  completeJobBatchDelay: 0,
  maxPoolSize: 25,
};

/** Logger that only surfaces warnings and errors. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") {
    console.error(`[graphile-worker ${level}] ${message}`);
  }
});

export function graphileSystem(s: GraphileSettings, name = "graphile-worker"): QueueSystem {
  return {
    name,
    config:
      `${s.processes} processes × concurrency ${s.concurrentJobs} (pool ${s.maxPoolSize}), ` +
      `localQueue ${s.localQueueSize}, ` +
      `batched completion (completeJobBatchDelay ${s.completeJobBatchDelay} ms)`,
    workerScript: fileURLToPath(new URL("./graphile-worker.worker.ts", import.meta.url)),
    workerArgs: [s.concurrentJobs, s.localQueueSize, s.completeJobBatchDelay, s.maxPoolSize].map(String),
    processes: s.processes,

    async setup(url) {
      await runMigrations({ connectionString: url, logger: quietLogger });
    },

    async enqueue(url, jobs) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // One add_jobs call; the job specs are built server-side.
        // job_spec = (identifier, payload, queue_name, run_at, max_attempts,
        //             job_key, priority, flags)
        const res = await client.query<{ added: number }>(
          `SELECT count(*)::int AS added FROM graphile_worker.add_jobs(ARRAY(
             SELECT ROW('noop', json_build_object('i', i), NULL, NULL, NULL,
                        NULL, NULL, NULL)::graphile_worker.job_spec
             FROM generate_series(1, $1::int) AS i))`,
          [jobs],
        );
        const added = res.rows[0]?.added;
        if (added !== jobs) throw new Error(`add_jobs added ${added} jobs, expected ${jobs}`);
      } finally {
        await client.end();
      }
    },

    // Completed jobs are deleted; failed ones stay (so a failing run times out).
    remainingSql: "SELECT count(*)::int AS remaining FROM " + "(SELECT 1 FROM graphile_worker._private_jobs LIMIT 1000) AS unfinished",
  };
}

export const graphileWorker = graphileSystem(GRAPHILE_BEST);
