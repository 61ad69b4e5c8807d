import { Writable } from "node:stream";
import { buildApp } from "../../src/api/app.ts";
import type { ApiOptions, AppDeps, FerryApp } from "../../src/api/types.ts";
import { FakeClock } from "../../src/clock.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
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
        ...over,
      }),
    drop: () => t.drop(),
  };
}
