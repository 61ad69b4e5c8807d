import type { FromWorker, ToWorker } from "./systems/types.ts";

/**
 * Shared plumbing for worker processes: read the database URL, load the
 * system via `prepare`, report ready, then call `start` on "go" and `stop`
 * on "stop" (or when the harness disconnects), and exit.
 */
export interface WorkerHooks {
  prepare(url: string): Promise<void>;
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

function send(msg: FromWorker): void {
  if (process.send) process.send(msg);
}

export function benchDbUrl(): string {
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error("BENCH_DB_URL is not set");
  return url;
}

export function runWorker(hooks: WorkerHooks): void {
  let stopping = false;
  let started: Promise<void> = Promise.resolve();

  const fail = (err: unknown): void => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    send({ type: "error", message });
    console.error(`[worker ${process.pid}] ${message}`);
    process.exit(1);
  };

  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      // Never stop half-way through start (e.g. while a runner boots).
      await started;
      await hooks.stop();
    } catch (err) {
      fail(err);
      return;
    }
    process.exit(0);
  };

  process.on("message", (msg: ToWorker) => {
    if (msg.type === "go") {
      started = Promise.resolve()
        .then(() => hooks.start())
        .catch(fail);
    } else if (msg.type === "stop") {
      void shutdown();
    }
  });
  process.on("disconnect", () => void shutdown());
  process.on("unhandledRejection", fail);

  hooks
    .prepare(benchDbUrl())
    .then(() => send({ type: "ready" }))
    .catch(fail);
}
