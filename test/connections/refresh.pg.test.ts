import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { systemClock } from "../../src/clock.ts";
import { accessToken } from "../../src/connections/refresh.ts";
import { connectionRow, saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import { NonRetryableError } from "../../src/errors.ts";
import { silentLogger } from "../../src/logger.ts";
import { googleProvider } from "../../src/providers/google/index.ts";
import type { ProviderSet } from "../../src/providers/registry.ts";
import { Queue } from "../../src/queue/queue.ts";
import { JobRegistry } from "../../src/queue/registry.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { sandboxProviders, testRuntime } from "../helpers/providers.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const WORKER = new URL("../fixtures/refresh-worker.ts", import.meta.url).pathname;

/** Token refresh on the real PostgreSQL, against the sandbox's Google OAuth server. */
describe("connection token refresh (PostgreSQL)", () => {
  const sb = useSandbox();
  let t: TestDb;
  let providers: ProviderSet;
  const key = randomBytes(32);
  const ring = new KeyRing(key);

  beforeAll(async () => {
    t = await testDb("postgres");
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await sb.reset();
    providers = await sandboxProviders(sb.url, testRuntime(t.db));
    await t.db.query("TRUNCATE connections, app_users CASCADE");
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sb.url}/__sandbox/${path}`, { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as Record<string, string>;
  };

  /** What accessToken needs, against the sandbox's providers. */
  const tokenDeps = () => ({
    db: t.db,
    cipher: ring,
    providers,
    clock: systemClock,
    logger: silentLogger(),
  });

  /** A Google connection whose access token expired a minute ago. */
  async function expiredConnection() {
    const minted = await post("google/tokens", { client_id: providers.get(googleProvider.id)?.sandboxClient?.clientId });
    await upsertUser(t.db, { id: "u1", entitlements: ["calendar_sync"], tier: "free", metadata: {} });
    const saved = await t.db.transaction((tx) =>
      saveConnection(tx, ring, {
        userId: "u1",
        provider: "google",
        account: {
          externalId: minted.account_id as string,
          metadata: {},
          tokens: {
            accessToken: minted.access_token as string,
            refreshToken: minted.refresh_token as string,
            expiresAt: new Date(Date.now() - 60_000),
            scopes: [],
          },
        },
        now: new Date(),
      }),
    );
    return { id: saved.connection.id, minted };
  }

  const tokenCalls = async () =>
    ((await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_endpoint: Record<string, number> }).by_endpoint["POST /token"] ??
    0;

  function runWorker(connectionId: string, startAt: number): Promise<{ token?: string; error?: string }> {
    const env = {
      ...process.env,
      TEST_PG_URL: t.url as string,
      TEST_SCHEMA: t.schema,
      VAULT_KEY: key.toString("base64"),
      SANDBOX_URL: sb.url,
      CONNECTION_ID: connectionId,
      START_AT: String(startAt),
    };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", WORKER], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        err += d;
      });
      child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`worker exited ${code}: ${err}`))));
    });
  }

  it("two processes refreshing the same connection at once make one provider call and get the same token", async () => {
    const { id, minted } = await expiredConnection();
    // Slow the token endpoint down so the second process surely waits on the first one's lock.
    await post("faults", { path: "^/token$", latency_ms: 400 });
    const startAt = Date.now() + 2500;
    const [a, b] = await Promise.all([runWorker(id, startAt), runWorker(id, startAt)]);
    expect(a.error).toBeUndefined();
    expect(a.token).toBeTruthy();
    expect(a.token).not.toBe(minted.access_token);
    expect(b.token).toBe(a.token);
    expect(await tokenCalls()).toBe(1);
    const row = await connectionRow(t.db, id);
    expect(row?.token_expires_at?.getTime()).toBeGreaterThan(Date.now());
    expect(row?.last_refreshed_at).not.toBeNull();
  }, 30_000);

  it("a revoked refresh token marks the connection invalid and dead-letters its queued jobs", async () => {
    const { id, minted } = await expiredConnection();
    await post("google/tokens/revoke", { token: minted.refresh_token });
    const registry = new JobRegistry();
    registry.register({
      type: "calendar.sync",
      description: "test",
      payload: z.object({ connection_id: z.string(), user_id: z.string() }),
    });
    await registry.publish(t.db);
    const queue = new Queue({ db: t.db, registry, clock: systemClock, keepCompleted: true });
    await queue.enqueue("calendar.sync", { connection_id: id, user_id: "u1" });
    await queue.enqueue("calendar.sync", { connection_id: "00000000-0000-4000-8000-000000000000", user_id: "u2" });
    const deps = tokenDeps();
    const attempt = accessToken(deps, id);
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    await expect(accessToken(deps, id)).rejects.toMatchObject({ reason: "auth_revoked" });
    const row = await connectionRow(t.db, id);
    expect(row).toMatchObject({ status: "invalid", last_error: expect.stringContaining("invalid_grant") });
    const dead = await t.db.query<{ payload: { connection_id: string }; dead_letter_reason: string }>(
      "SELECT payload, dead_letter_reason FROM jobs_finished WHERE status = 'dead_letter'",
    );
    expect(dead.rows).toEqual([{ payload: { connection_id: id, user_id: "u1" }, dead_letter_reason: "auth_revoked" }]);
    expect((await t.db.query("SELECT 1 FROM jobs")).rows).toHaveLength(1);
  }, 30_000);

  it("uses a token that is still fresh without calling the provider, and refreshes a rejected one", async () => {
    const { id } = await expiredConnection();
    const deps = tokenDeps();
    const first = await accessToken(deps, id);
    expect(await accessToken(deps, id)).toBe(first);
    expect(await tokenCalls()).toBe(1);
    const second = await accessToken(deps, id, { rejected: first });
    expect(second).not.toBe(first);
    expect(await tokenCalls()).toBe(2);
    // A stale rejection (someone already refreshed) does not refresh again.
    expect(await accessToken(deps, id, { rejected: first })).toBe(second);
    expect(await tokenCalls()).toBe(2);
  });
});
