import type { Runner } from "graphile-worker";
import { run } from "graphile-worker";
import pg from "pg";
import { runWorker } from "../worker-ipc.ts";
import { quietLogger } from "./graphile-worker.ts";

const concurrentJobs = Number(process.argv[2] ?? 24);
const localQueueSize = Number(process.argv[3] ?? 500);
const completeJobBatchDelay = Number(process.argv[4] ?? 0);
const maxPoolSize = Number(process.argv[5] ?? 10);

let pool: pg.Pool | undefined;
let runner: Runner | undefined;

runWorker({
  async prepare(url) {
    const p = new pg.Pool({ connectionString: url, max: maxPoolSize });
    pool = p;
    p.on("error", (err) => console.error("[graphile-worker pool]", err));
    p.on("connect", (client) => {
      client.on("error", (err) => console.error("[graphile-worker client]", err));
    });
    // Open every connection up front so "go" does not pay for connecting.
    const clients = await Promise.all(Array.from({ length: maxPoolSize }, () => p.connect()));
    for (const c of clients) c.release();
  },

  async start() {
    runner = await run({
      pgPool: pool,
      taskList: { noop: async () => {} },
      noHandleSignals: true,
      logger: quietLogger,
      preset: {
        worker: {
          concurrentJobs,
          maxPoolSize,
          localQueue: { size: localQueueSize },
          completeJobBatchDelay,
          failJobBatchDelay: completeJobBatchDelay,
        },
      },
    });
  },

  async stop() {
    if (runner) await runner.stop();
    if (pool) await pool.end();
  },
});
