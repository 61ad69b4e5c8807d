import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import { enqueueOperations } from "../../src/sync/calendar/outbox.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type GoogleUser, sandboxGoogleUser } from "../helpers/calendar.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";
import { calendarFor } from "../helpers/google.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "../helpers/providers.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { ROOT } from "../helpers/worker-processes.ts";

const sb = useSandbox();
const SCRIPT = join(ROOT, "test", "fixtures", "calendar-worker.ts");
const USERS = 10;
const SOURCES = 400; // per user: 400 creates, 50 updates, 50 cancels = 500 operations
const EDITED = 50;

function spawnWorker(t: TestDb, id: string, key: Buffer) {
  const env = {
    ...(process.env as Record<string, string>),
    TEST_PG_URL: t.url as string,
    TEST_SCHEMA: t.schema,
    SANDBOX_URL: sb.url,
    VAULT_KEY: key.toString("hex"),
    WORKER_ID: id,
    CONCURRENCY: "4",
    BATCH_SIZE: "10",
  };
  delete (env as Record<string, string | undefined>).NODE_OPTIONS;
  const proc = fork(SCRIPT, [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let out = "";
  let err = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    proc.once("message", () => resolve());
    proc.once("exit", (code) => reject(new Error(`worker ${id} exited (${code}) before it was ready: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return { proc, ready, exited, out: () => out, err: () => err };
}

const op = (u: GoogleUser, i: number, kind: "create" | "update" | "cancel") =>
  kind === "cancel"
    ? { operation: "CANCEL_EVENT", workspaceId: u.userId, calendarId: u.calendarId, sourceType: "task", sourceId: `s${i}` }
    : {
        operation: "UPSERT_EVENT",
        workspaceId: u.userId,
        calendarId: u.calendarId,
        sourceType: "task",
        sourceId: `s${i}`,
        eventType: "DEADLINE",
        event: {
          title: `${kind === "update" ? "Updated" : "Task"} ${i}`,
          start: "2026-06-01T09:00:00Z",
          end: "2026-06-01T10:00:00Z",
          isAllDay: false,
        },
      };

describe.skipIf(!pgUrl)("calendar outbox across worker processes (PostgreSQL)", () => {
  let t: TestDb;
  const key = randomBytes(32);
  const users: GoogleUser[] = [];
  const workers: Array<ReturnType<typeof spawnWorker>> = [];

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    const ring = new KeyRing(key);
    const providers = await sandboxProviders(sb.url, testRuntime(t.db));
    // The job types exist before the rows, as in a running Ferry: new rows wake their user's drain.
    const sync = testSyncDeps(t.db, providers, { ring });
    await buildRegistry(
      catalog({ logger: silentLogger(), sync, engines: { calendar: { batchSize: 10, maxRetries: 5 } } }),
    ).registry.publish(t.db);
    const clientId = providers.get("google")?.sandboxClient?.clientId ?? "";
    for (let u = 0; u < USERS; u++) users.push(await sandboxGoogleUser(t.db, sb.url, { ring, clientId }));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) w.proc.kill("SIGKILL");
    await t?.drop();
  });

  it("two processes drain 5,000 operations: each applied exactly once, one event per source, no duplicates", async () => {
    workers.push(spawnWorker(t, "cal-a", key), spawnWorker(t, "cal-b", key));
    await Promise.all(workers.map((w) => w.ready));
    const started = performance.now();
    // Every user's operations, interleaved across users, in batches like an app's transactions.
    const ops = users.flatMap((u) => [
      ...Array.from({ length: SOURCES }, (_, i) => ({ u, p: op(u, i, "create") })),
      ...Array.from({ length: EDITED }, (_, i) => ({ u, p: op(u, i, "update") })),
      ...Array.from({ length: EDITED }, (_, i) => ({ u, p: op(u, SOURCES - 1 - i, "cancel") })),
    ]);
    expect(ops).toHaveLength(5000);
    for (let i = 0; i < ops.length; i += 250)
      await t.db.transaction((tx) =>
        enqueueOperations(
          tx,
          ops.slice(i, i + 250).map(({ u, p }) => ({ payload: p, userId: u.userId })),
        ),
      );

    let left = 5000;
    for (let i = 0; i < 900 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left =
        (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM calendar_outbox WHERE status <> 'COMPLETED'")).rows[0]?.n ?? -1;
    }
    const seconds = (performance.now() - started) / 1000;
    for (const w of workers) w.proc.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    const counts = workers.map((w) => JSON.parse(w.out().trim().split("\n").at(-1) ?? "{}") as { workerId: string; completed: number });
    console.log(`[calendar multiprocess] 5,000 operations in ${seconds.toFixed(1)} s; drain jobs per worker ${JSON.stringify(counts)}`);
    expect(left).toBe(0);

    const rows = await t.db.query<{ attempts: number; n: number }>(
      "SELECT attempts, count(*)::int AS n FROM calendar_outbox GROUP BY attempts",
    );
    expect(rows.rows).toEqual([{ attempts: 1, n: 5000 }]); // each applied once: no retry, no second claim
    expect(counts.every((c) => c.completed > 0)).toBe(true); // both processes drained

    // What Google holds: one event per source; the last operation of each source won.
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?limit=10000`)).json()) as {
      recent: Array<{ method: string; path: string; status: number }>;
    };
    const writes = log.recent.filter((r) => r.path.startsWith("/calendar/v3/"));
    const by = (m: string) => writes.filter((r) => r.method === m);
    expect(by("POST").map((r) => r.status)).toEqual(Array(USERS * SOURCES).fill(200));
    expect(by("PUT")).toHaveLength(USERS * EDITED);
    expect(by("DELETE")).toHaveLength(USERS * EDITED);
    for (const u of users.slice(0, 3)) {
      const { cal } = calendarFor(sb.url, { access_token: u.accessToken });
      const events: Array<{ id?: string | null; status?: string | null; summary?: string | null }> = [];
      let pageToken: string | undefined;
      do {
        const res = await cal.events.list({
          calendarId: u.calendarId,
          showDeleted: true,
          maxResults: 2500,
          ...(pageToken ? { pageToken } : {}),
        });
        events.push(...(res.data.items ?? []));
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
      expect(new Set(events.map((e) => e.id)).size).toBe(SOURCES);
      expect(events.filter((e) => e.status === "cancelled")).toHaveLength(EDITED);
      expect(events.filter((e) => e.summary?.startsWith("Updated"))).toHaveLength(EDITED);
    }
  }, 120_000);
});
