/**
 * Ferry's HTTP app and a worker pool wired for pull sync against a sandbox: the real job catalog,
 * the official Notion client over HTTP, a user with a Notion connection to a fresh workspace.
 * No vitest imports: `npm run bench:pull` starts from the same fixture.
 */
import { randomBytes } from "node:crypto";
import { Client } from "@notionhq/client";
import type { FerryApp } from "../../src/api/types.ts";
import { type Clock, systemClock } from "../../src/clock.ts";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import type { ProviderRuntime } from "../../src/providers/runtime.ts";
import { WorkerPool } from "../../src/queue/pool.ts";
import { Queue } from "../../src/queue/queue.ts";
import type { PullOptions } from "../../src/sync/pull/execute.ts";
import type { SyncDeps } from "../../src/sync/session.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { API_TOKEN, testApp } from "./api.ts";
import type { TestDb } from "./db.ts";
import { type SandboxNotionUser, sandboxNotionUser } from "./notion-user.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "./providers.ts";

export interface PullApp {
  app: FerryApp;
  queue: Queue;
  pool: WorkerPool;
  deps: SyncDeps;
  options: PullOptions;
  user: SandboxNotionUser;
  /** The official client on the user's bot token, straight to the sandbox (no Ferry in between). */
  notion: Client;
  /** Calls the API with the bearer token; `body` is sent as JSON. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: { data?: unknown; error?: { code: string } } }>;
  stop(): Promise<void>;
}

export async function pullApp(
  t: TestDb,
  sandboxUrl: string,
  opts: { schema: string; runtime?: ProviderRuntime; clock?: Clock; concurrency?: number; env?: Record<string, string> },
): Promise<PullApp> {
  const logger = silentLogger();
  const clock = opts.clock ?? systemClock;
  const ring = new KeyRing(randomBytes(32));
  const runtime = opts.runtime ?? testRuntime(t.db);
  const deps = testSyncDeps(t.db, await sandboxProviders(sandboxUrl, runtime, opts.env), { ring, clock, logger });
  const options: PullOptions = { schema: opts.schema, trashedPolicy: "mark", intervalMinutes: 15 };
  const { registry, handlers } = buildRegistry(catalog({ logger, sync: deps, engines: { pull: options } }));
  await registry.publish(t.db);
  const queue = new Queue({ db: t.db, registry, clock, keepCompleted: true });
  const pool = new WorkerPool({
    queue,
    handlers,
    logger,
    concurrency: opts.concurrency ?? 2,
    batchSize: 5,
    leaseMs: 30_000,
    pollIntervalMs: 100,
  });
  await pool.start();
  const app = testApp(t, { queue, handlers, logger, pullSchema: opts.schema });
  const user = await sandboxNotionUser(t.db, sandboxUrl, { idPrefix: "puller_", ring });
  const notion = new Client({ auth: user.token, baseUrl: sandboxUrl, retry: false });
  return {
    app,
    queue,
    pool,
    deps,
    options,
    user,
    notion,
    async call(method, path, body) {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as { data?: unknown; error?: { code: string } } };
    },
    stop: () => pool.stop(5000),
  };
}
