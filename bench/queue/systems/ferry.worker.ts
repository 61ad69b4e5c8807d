import { WorkerPool } from "../../../src/queue/pool.ts";
import { runWorker } from "../worker-ipc.ts";
import { ferryServices, FERRY_SETTINGS as s } from "./ferry.ts";

let services: ReturnType<typeof ferryServices> | undefined;
let pool: WorkerPool | undefined;

runWorker({
  async prepare(url) {
    services = ferryServices(url, process.argv[2] !== "delete");
    // Open the connections up front so "go" does not pay for connecting.
    await Promise.all(Array.from({ length: s.poolSize }, () => services?.db.query("SELECT 1")));
    pool = new WorkerPool({
      queue: services.queue,
      handlers: services.handlers,
      logger: services.logger,
      concurrency: s.concurrency,
      batchSize: s.batchSize,
      leaseMs: s.leaseMs,
      pollIntervalMs: 1000,
      flushDelayMs: s.flushDelayMs,
    });
  },

  async start() {
    await pool?.start();
  },

  async stop() {
    await pool?.stop(5000);
    await services?.db.close();
  },
});
