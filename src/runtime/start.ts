import { hostname } from "node:os";
import { serve } from "@hono/node-server";
import { buildApp } from "../api/app.ts";
import type { ConnectionDeps, FerryApp } from "../api/types.ts";
import type { Role } from "../config/load.ts";
import { startCleanupDaemon } from "../queue/daemons/cleanup.ts";
import { WorkerPool } from "../queue/pool.ts";
import { startScheduler } from "../scheduler/daemons/scheduler.ts";
import { SYNC_KINDS } from "../scheduler/kinds.ts";
import { startOutboxPoll } from "../sync/calendar/daemons/poll.ts";
import { startPullRunCleanup } from "../sync/pull/daemons/schedule.ts";
import { VERSION } from "../version.ts";
import { apiOptions } from "./api-options.ts";
import type { Services } from "./services.ts";

export interface Running {
  /** The HTTP port actually bound (when the api role runs). */
  port: number | undefined;
  pools: WorkerPool[];
  /** Stops everything gracefully: HTTP first, then workers within the grace period. */
  stop(): Promise<void>;
}

/** What the connection routes need, from the services. */
export function connectionDeps(s: Services): ConnectionDeps {
  const { config } = s;
  return {
    flow: {
      db: s.db,
      cipher: s.sync.cipher,
      providers: s.providers,
      queue: s.queue,
      clock: s.clock,
      logger: s.logger,
      cookieKey: s.sessionKey,
      defaultReturnUrl: config.connect.defaultReturnUrl,
      returnOrigins: config.connect.returnOrigins,
      secureCookies: config.publicUrl.startsWith("https:"),
    },
    tokens: s.sync,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.connect.sessionTtlMs,
    metrics: s.providerRuntime.metrics,
  };
}

/** The HTTP app on built services (not listening): what the api role serves. */
export async function appFor(s: Services): Promise<FerryApp> {
  const { config, logger } = s;
  return buildApp({
    db: s.db,
    queue: s.queue,
    handlers: s.handlers,
    logger,
    version: VERSION,
    worker: { secret: config.worker.secret, leaseMs: config.worker.leaseMs, concurrency: config.worker.concurrency },
    api: await apiOptions(config, s.providers, logger),
    connections: connectionDeps(s),
    pull: { schema: config.pull.schema, intervalMinutes: config.pull.intervalMinutes },
    scheduler: config.scheduler,
  });
}

/** Starts the HTTP server, the workers, or both, on already-built services. */
export async function startRoles(s: Services, role: Role): Promise<Running> {
  const { config, logger } = s;
  let server: ReturnType<typeof serve> | undefined;
  let port: number | undefined;
  if (role === "api" || role === "all") {
    const app = await appFor(s);
    port = await new Promise<number>((resolve, reject) => {
      server = serve({ fetch: app.fetch, hostname: config.http.host, port: config.http.port }, (info) => resolve(info.port));
      server.once("error", reject);
    });
    logger.info({ url: `http://${config.http.host}:${port}` }, "HTTP server listening");
  }
  const pools: WorkerPool[] = [];
  let stopCleanup: () => Promise<void> | void = () => {};
  if (role === "worker" || role === "all") {
    for (const queueName of config.worker.queues) {
      const pool = new WorkerPool({
        queue: s.queue,
        handlers: s.handlers,
        logger,
        queueName,
        concurrency: config.worker.concurrency,
        batchSize: config.worker.batchSize,
        leaseMs: config.worker.leaseMs,
        pollIntervalMs: config.worker.pollIntervalMs,
      });
      await pool.start();
      pools.push(pool);
    }
    const stopJobCleanup = startCleanupDaemon({ queue: s.queue, logger, retention: config.retention });
    const stopPullCleanup = startPullRunCleanup({ db: s.db, clock: s.clock, logger });
    const stopOutboxPoll = startOutboxPoll({
      db: s.db,
      queue: s.queue,
      clock: s.clock,
      logger,
      intervalMs: config.calendar.pollIntervalMs,
      retentionDays: config.calendar.retentionDays,
      staleMs: config.worker.leaseMs * 4,
    });
    const stopScheduler = startScheduler({
      db: s.db,
      queue: s.queue,
      clock: s.clock,
      logger,
      providers: s.providers,
      settings: config.scheduler,
      kinds: SYNC_KINDS,
      holder: pools[0]?.workerId ?? `${hostname()}:${process.pid}`,
    });
    stopCleanup = async () => {
      stopJobCleanup();
      stopPullCleanup();
      stopOutboxPoll();
      await stopScheduler();
    };
  }
  return {
    port,
    pools,
    async stop() {
      await stopCleanup();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await Promise.all(pools.map((p) => p.stop(config.worker.shutdownGraceMs)));
    },
  };
}

/** Stops gracefully on SIGTERM/SIGINT; a second signal exits at once. */
export function onShutdownSignals(stop: () => Promise<void>, log: (msg: string) => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: shutting down gracefully`);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
