import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { buildApp } from "../../src/api/app.ts";
import type { FerryApp } from "../../src/api/types.ts";
import { FakeClock } from "../../src/clock.ts";
import type { FlowDeps } from "../../src/connections/flow.ts";
import { cookieKey } from "../../src/connections/state-cookie.ts";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import type { ProviderSet } from "../../src/providers/registry.ts";
import { Queue } from "../../src/queue/queue.ts";
import type { JobHandler } from "../../src/queue/types.ts";
import { markdownToBlocks } from "../../src/sync/markdown/index.ts";
import type { SyncDeps } from "../../src/sync/session.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { API_TOKEN, capturedLogger } from "./api.ts";
import { v1 } from "./connect.ts";
import { type TestDb, testDb } from "./db.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "./providers.ts";
import { useSandbox } from "./sandbox.ts";

export const FRONTEND = "http://127.0.0.1:3000";

export interface ConnectApp {
  app: FerryApp;
  queue: Queue;
  clock: FakeClock;
  ring: KeyRing;
  tokens: SyncDeps;
  /** What the OAuth routes run on (the same objects the app uses). */
  flow: FlowDeps;
  handlers: Map<string, JobHandler>;
  logs: string[];
}

/**
 * Ferry's HTTP app wired for the OAuth flow against a sandbox: real providers (the official
 * clients, over HTTP), a real vault, the real job catalog, a fake clock for expiry tests.
 */
export async function connectApp(
  t: TestDb,
  sandboxUrl: string,
  opts: { providers?: (runtime: ReturnType<typeof testRuntime>) => Promise<ProviderSet> } = {},
): Promise<ConnectApp> {
  const { logger, lines } = capturedLogger();
  const clock = new FakeClock(Date.now());
  const ring = new KeyRing(randomBytes(32));
  const runtime = testRuntime(t.db);
  const providers = await (opts.providers ?? ((rt) => sandboxProviders(sandboxUrl, rt)))(runtime);
  const tokens = testSyncDeps(t.db, providers, { ring, clock, logger });
  const push = { render: markdownToBlocks, appName: "Test", deletionPolicy: "archive" as const, trashedPolicy: "recreate" as const };
  const { registry, handlers } = buildRegistry(catalog({ logger, sync: tokens, engines: { push } }));
  await registry.publish(t.db);
  const queue = new Queue({ db: t.db, registry, clock, keepCompleted: true });
  const flow: FlowDeps = {
    db: t.db,
    cipher: ring,
    providers,
    queue,
    clock,
    logger,
    cookieKey: cookieKey("connect-test-session-secret-0123456789"),
    defaultReturnUrl: `${FRONTEND}/settings`,
    returnOrigins: [FRONTEND, "https://app.example.com"],
    secureCookies: false,
  };
  const app = buildApp({
    db: t.db,
    queue,
    handlers,
    logger,
    version: "test",
    worker: { secret: undefined, leaseMs: 30_000, concurrency: 2 },
    api: { token: API_TOKEN, tokenSource: "env", maxBodyBytes: 1024 * 1024, sandbox: true, providers: [] },
    pull: { schema: "notion", intervalMinutes: 15 },
    connections: {
      flow,
      tokens,
      publicUrl: "http://127.0.0.1:3999",
      sessionTtlMs: 15 * 60_000,
      metrics: runtime.metrics,
    },
  });
  return { app, queue, clock, ring, tokens, flow, handlers, logs: lines };
}

/**
 * One sandbox and one test database per file; before each test: a reset sandbox, empty tables,
 * a fresh app, and the users `ada` (notion_sync, calendar_sync) and `bob` (notion_sync).
 */
export function useConnectApp() {
  const sb = useSandbox();
  const ctx = {} as { t: TestDb; c: ConnectApp; api: ReturnType<typeof v1>; sb: typeof sb };
  ctx.sb = sb;
  beforeAll(async () => {
    ctx.t = await testDb();
  });
  afterAll(async () => {
    await ctx.t?.drop();
  });
  beforeEach(async () => {
    await sb.reset();
    await ctx.t.db.query("TRUNCATE connections, connect_sessions, app_users, jobs, jobs_finished CASCADE");
    ctx.c = await connectApp(ctx.t, sb.url);
    ctx.api = v1(ctx.c.app);
    expect((await ctx.api("PUT", "/v1/users/ada", { entitlements: ["notion_sync", "calendar_sync"] })).status).toBe(201);
    expect((await ctx.api("PUT", "/v1/users/bob", { entitlements: ["notion_sync"] })).status).toBe(201);
  });
  return ctx;
}
