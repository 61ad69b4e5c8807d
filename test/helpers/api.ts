import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { buildApp } from "../../src/api/app.ts";
import type { ApiOptions, AppDeps, ConnectionDeps, FerryApp } from "../../src/api/types.ts";
import { FakeClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config/load.ts";
import { cookieKey } from "../../src/connections/state-cookie.ts";
import { ProviderMetrics } from "../../src/http-client/metrics.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { buildProviders } from "../../src/providers/registry.ts";
import { createProviderRuntime } from "../../src/providers/runtime.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type TestDb, testDb } from "./db.ts";
import { testQueue } from "./queue.ts";

export const API_TOKEN = "test-action-api-token-0123456789";
export const WORKER_SECRET = "s3cret-s3cret-s3cret";

/** A logger at trace level whose JSON lines land in `lines`. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "trace", format: "json", destination }), lines };
}

export interface ApiFixture {
  t: TestDb;
  q: Awaited<ReturnType<typeof testQueue>>;
  logs: string[];
  /** A fresh app; `over` replaces parts of the dependencies (and `api` parts of the API options). */
  app(over?: Partial<Omit<AppDeps, "api">> & { api?: Partial<ApiOptions> }): FerryApp;
  drop(): Promise<void>;
}

/**
 * Connection dependencies whose providers point at a closed port: enough for every route's
 * validation, auth and error paths (the OAuth end-to-end tests use a real sandbox instead).
 */
export function offlineConnections(t: TestDb, queue: AppDeps["queue"], logger: Logger): ConnectionDeps {
  const providers = buildProviders(loadConfig({}).providers.configured, {
    runtime: createProviderRuntime({ db: t.db, logger }),
    sandbox: { url: "http://127.0.0.1:9", clientSecret: "offline" },
  });
  const cipher = new KeyRing(randomBytes(32));
  const clock = new FakeClock(Date.now());
  return {
    flow: {
      db: t.db,
      cipher,
      providers,
      queue,
      clock,
      logger,
      cookieKey: cookieKey("test-session-secret-0123456789abcdef"),
      defaultReturnUrl: "http://127.0.0.1:3000/settings",
      returnOrigins: ["http://127.0.0.1:3000"],
      secureCookies: false,
    },
    tokens: { db: t.db, cipher, providers, clock, logger },
    publicUrl: "http://127.0.0.1:3999",
    sessionTtlMs: 600_000,
    metrics: new ProviderMetrics(),
  };
}

/** A test database, a queue with test job types, and apps built on them that log into `logs`. */
export async function apiFixture(): Promise<ApiFixture> {
  const t = await testDb();
  const q = await testQueue(t.db, { clock: new FakeClock(Date.now()) });
  const { logger, lines } = capturedLogger();
  return {
    t,
    q,
    logs: lines,
    app: ({ api, ...over } = {}) =>
      buildApp({
        db: t.db,
        queue: q.queue,
        handlers: q.handlers,
        logger,
        version: "test",
        worker: { secret: WORKER_SECRET, leaseMs: 30_000, concurrency: 4 },
        api: { token: API_TOKEN, tokenSource: "env", maxBodyBytes: 1024 * 1024, sandbox: false, providers: [], ...api },
        connections: offlineConnections(t, q.queue, logger),
        pull: { schema: "notion", intervalMinutes: 15 },
        ...over,
      }),
    drop: () => t.drop(),
  };
}

/**
 * Ferry's app on a test database, the test token and the usual options, for fixtures that bring
 * their own queue and job handlers (a worker pool runs them beside the app).
 */
export function testApp(
  t: TestDb,
  deps: { queue: AppDeps["queue"]; handlers: AppDeps["handlers"]; logger: Logger; pullSchema?: string },
): FerryApp {
  return buildApp({
    db: t.db,
    queue: deps.queue,
    handlers: deps.handlers,
    logger: deps.logger,
    version: "test",
    worker: { secret: undefined, leaseMs: 30_000, concurrency: 2 },
    api: { token: API_TOKEN, tokenSource: "env", maxBodyBytes: 1024 * 1024, sandbox: true, providers: [] },
    connections: offlineConnections(t, deps.queue, deps.logger),
    pull: { schema: deps.pullSchema ?? "notion", intervalMinutes: 15 },
  });
}
