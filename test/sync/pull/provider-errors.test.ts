import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { buildRegistry, catalog } from "../../../src/jobs/catalog.ts";
import { silentLogger } from "../../../src/logger.ts";
import { notionProvider } from "../../../src/providers/notion/index.ts";
import { WorkerPool } from "../../../src/queue/pool.ts";
import { Queue } from "../../../src/queue/queue.ts";
import type { PullOptions } from "../../../src/sync/pull/execute.ts";
import { enqueueRun } from "../../../src/sync/pull/request.ts";
import type { SyncDeps } from "../../../src/sync/session.ts";
import { KeyRing } from "../../../src/vault/keyring.ts";
import type { TestDb } from "../../helpers/db.ts";
import { type OAuthUser, oauthUser } from "../../helpers/oauth-user.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "../../helpers/providers.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { useTestDb } from "../../helpers/use-db.ts";

/**
 * The pull bug of issue 13: a data source query that fails for good or asks for a new token used
 * to be recorded as the database's error while the run finished `completed`, so the queue never
 * retried it and the token was never refreshed. Through the real queue, the official client and
 * the sandbox: the run now fails for the queue, and a 401 is one refresh away from success.
 */
describe("pull sync: provider errors reach the queue and the token refresh", () => {
  const sb = useSandbox();
  const OPTIONS: PullOptions = { schema: "pull_errors", trashedPolicy: "mark", intervalMinutes: 15 };
  const QUERY = "^/v1/data_sources/[^/]+/query$";
  let t: TestDb;
  let clock: FakeClock;
  let deps: SyncDeps;
  let queue: Queue;
  let pool: WorkerPool;
  let user: OAuthUser;

  const fault = async (rule: Record<string, unknown>) =>
    expect((await fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(rule) })).status).toBe(201);
  const tokenCalls = async () =>
    ((await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_endpoint: Record<string, number> }).by_endpoint[
      "POST /v1/oauth/token"
    ] ?? 0;
  const runRow = async (id: string) =>
    (
      await t.db.query<{ status: string; error: { code: string } | null; result: { success?: boolean; synced_count?: number } | null }>(
        "SELECT status, error, result FROM pull_runs WHERE id = $1",
        [id],
      )
    ).rows[0];
  const requestRun = () =>
    t.db.transaction((tx) => enqueueRun(tx, { queue, clock }, { userId: user.userId, request: { databaseName: "Tasks" }, trigger: "api" }));

  const file = useTestDb();
  beforeEach(async () => {
    t = file.t;
    await sb.reset();
    await t.db.query("TRUNCATE jobs, jobs_finished, pull_runs, connections, app_users CASCADE");
    await t.db.query("DROP SCHEMA IF EXISTS pull_errors CASCADE");
    clock = new FakeClock(Date.now());
    deps = testSyncDeps(t.db, await sandboxProviders(sb.url, testRuntime(t.db)), { ring: new KeyRing(randomBytes(32)), clock });
    const { registry, handlers } = buildRegistry(catalog({ logger: silentLogger(), sync: deps, engines: { pull: OPTIONS } }));
    await registry.publish(t.db);
    queue = new Queue({ db: t.db, registry, clock });
    pool = new WorkerPool({ queue, handlers, logger: silentLogger(), concurrency: 1, batchSize: 1, leaseMs: 30_000, pollIntervalMs: 100 });
    const provider = deps.providers.get(notionProvider.id);
    if (!provider) throw new Error("notion is not configured");
    user = await oauthUser(deps, provider, "pull_errors_user");
    const seeded = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({
        workspace_id: user.externalId,
        databases: [
          {
            title: "Tasks",
            properties: { Name: { title: {} } },
            rows: [{ properties: { Name: { title: [{ text: { content: "one" } }] } } }],
          },
        ],
      }),
    });
    expect(seeded.status).toBe(201);
  });

  it("a lasting 503 fails the run for the queue, which retries it; the retry succeeds once Notion is back", async () => {
    await fault({ method: "POST", path: QUERY, status: 503, code: "service_unavailable" });
    const { runId, jobId } = await requestRun();
    expect(await pool.processBatch(1, 30_000)).toMatchObject({ claimed: 1, retried: 1 });
    const job = await queue.get(jobId);
    expect(job).toMatchObject({ status: "queued", attempts: 1, lastError: { code: "provider_unavailable" } });
    // The run is not finished: it waits for the queue's next attempt, with the error on it.
    expect(await runRow(runId)).toMatchObject({ status: "running", error: { code: "provider_unavailable" }, result: null });

    await fetch(`${sb.url}/__sandbox/faults`, { method: "DELETE" });
    clock.advance((job?.runAt.getTime() ?? 0) - clock.now().getTime());
    expect(await pool.processBatch(1, 30_000)).toMatchObject({ claimed: 1, completed: 1 });
    expect(await runRow(runId)).toMatchObject({ status: "completed", result: { success: true, synced_count: 1 } });
  });

  it("a 401 refreshes the token once, and the same attempt then succeeds", async () => {
    const before = await tokenCalls();
    await fault({ method: "POST", path: QUERY, status: 401, code: "unauthorized", count: 1 });
    const { runId, jobId } = await requestRun();
    expect(await pool.processBatch(1, 30_000)).toMatchObject({ claimed: 1, completed: 1 });
    expect(await runRow(runId)).toMatchObject({ status: "completed", result: { success: true, synced_count: 1 } });
    expect(await queue.get(jobId)).toMatchObject({ status: "completed", attempts: 1 });
    expect((await tokenCalls()) - before).toBe(1);
    const { rows } = await t.db.query<{ status: string }>("SELECT status FROM connections WHERE id = $1", [user.connectionId]);
    expect(rows[0]?.status).toBe("active");
  });
});
