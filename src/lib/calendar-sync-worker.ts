import { loadConfig } from "../config/load.ts";
import { ValidationError } from "../errors.ts";
import { createLogger, type Logger } from "../logger.ts";
import { WorkerPool } from "../queue/pool.ts";
import type { JobHandler } from "../queue/types.ts";
import { createServices, type Services } from "../runtime/services.ts";
import { startOutboxPoll } from "../sync/calendar/daemons/poll.ts";
import { DRAIN_JOB } from "../sync/calendar/jobs.ts";

/**
 * Seed 002's library entry point, with the same options: a worker that drains the calendar outbox
 * into Google Calendar, inside the app's own process.
 *
 *   const worker = createCalendarSyncWorker({ supabaseUrl, supabaseServiceRoleKey, googleClientId,
 *     googleClientSecret, batchSize: 10, pollIntervalMs: 5000, maxRetries: 5 });
 *   await worker.start();
 *   await worker.stop();
 *
 * Ferry talks to PostgreSQL itself, so `supabaseUrl` (or `databaseUrl`) is the database's
 * connection string (`postgres://...`: Supabase shows it under Project Settings → Database), not
 * the REST URL; `supabaseServiceRoleKey` is accepted and not needed. Other settings (the vault's
 * TOKEN_ENCRYPTION_KEY above all) come from `env`, by default the process's environment: this is
 * an entrypoint, like the `ferry` command.
 */
export interface CalendarSyncWorkerOptions {
  supabaseUrl?: string;
  supabaseServiceRoleKey?: string;
  databaseUrl?: string;
  googleClientId?: string;
  googleClientSecret?: string;
  batchSize?: number;
  pollIntervalMs?: number;
  maxRetries?: number;
  tokenEncryptionKey?: string;
  /** Jobs run at once (drains of different users). Default WORKER_CONCURRENCY. */
  concurrency?: number;
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

export interface CalendarSyncWorker {
  start(): Promise<void>;
  /** Stops claiming, lets running drains finish within SHUTDOWN_GRACE_SECONDS, closes the database. */
  stop(): Promise<void>;
}

const isPostgresUrl = (u: string) => /^postgres(ql)?:\/\//.test(u);

/** The options as Ferry's variables; a REST URL where a connection string belongs is named as the mistake it is. */
function envFrom(o: CalendarSyncWorkerOptions): Record<string, string | undefined> {
  const url = o.databaseUrl ?? o.supabaseUrl;
  if (url !== undefined && !isPostgresUrl(url)) {
    const field = o.databaseUrl !== undefined ? "databaseUrl" : "supabaseUrl";
    const message = "expected the database's connection string (postgres://user:password@host:5432/postgres), not an HTTP URL";
    throw new ValidationError(`invalid calendar sync worker options: ${field}: ${message}`, [{ field, message }], "invalid_config");
  }
  const set = (v: number | string | undefined) => (v === undefined ? undefined : String(v));
  const base = o.env ?? process.env;
  return {
    ...base,
    ...(url ? { DATABASE_URL: url } : {}),
    ...(o.googleClientId ? { GOOGLE_OAUTH_CLIENT_ID: o.googleClientId } : {}),
    ...(o.googleClientSecret ? { GOOGLE_OAUTH_CLIENT_SECRET: o.googleClientSecret } : {}),
    ...(o.tokenEncryptionKey ? { TOKEN_ENCRYPTION_KEY: o.tokenEncryptionKey } : {}),
    CALENDAR_SYNC_BATCH_SIZE: set(o.batchSize) ?? base.CALENDAR_SYNC_BATCH_SIZE,
    CALENDAR_SYNC_POLL_INTERVAL_MS: set(o.pollIntervalMs) ?? base.CALENDAR_SYNC_POLL_INTERVAL_MS,
    CALENDAR_SYNC_MAX_RETRIES: set(o.maxRetries) ?? base.CALENDAR_SYNC_MAX_RETRIES,
  };
}

export function createCalendarSyncWorker(options: CalendarSyncWorkerOptions): CalendarSyncWorker {
  const config = loadConfig(envFrom(options));
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  let services: Services | undefined;
  let pool: WorkerPool | undefined;
  let stopPoll = () => {};
  return {
    async start() {
      if (services) return;
      services = await createServices(config, logger, { applicationName: "ferry-calendar-worker", sessionKey: false });
      const drain = services.handlers.get(DRAIN_JOB) as JobHandler;
      pool = new WorkerPool({
        queue: services.queue,
        handlers: new Map([[DRAIN_JOB, drain]]),
        logger,
        concurrency: options.concurrency ?? config.worker.concurrency,
        batchSize: config.worker.batchSize,
        leaseMs: config.worker.leaseMs,
        pollIntervalMs: config.worker.pollIntervalMs,
      });
      await pool.start();
      stopPoll = startOutboxPoll({
        db: services.db,
        queue: services.queue,
        clock: services.clock,
        logger,
        intervalMs: config.calendar.pollIntervalMs,
        retentionDays: config.calendar.retentionDays,
        staleMs: config.worker.leaseMs * 4,
      });
      logger.info({ batchSize: config.calendar.batchSize, pollIntervalMs: config.calendar.pollIntervalMs }, "calendar sync worker started");
    },
    async stop() {
      stopPoll();
      await pool?.stop(config.worker.shutdownGraceMs);
      await services?.close();
      pool = undefined;
      services = undefined;
    },
  };
}
