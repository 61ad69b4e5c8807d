import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FerryApp } from "../../src/api/types.ts";
import { loadConfig } from "../../src/config/load.ts";
import { silentLogger } from "../../src/logger.ts";
import { PROVIDERS, registerSandboxClients } from "../../src/providers/registry.ts";
import { type RunningProviderSandbox, startProviderSandbox } from "../../src/providers/sandbox.ts";
import { createServices, type Services } from "../../src/runtime/services.ts";
import { appFor } from "../../src/runtime/start.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { acmeProvider } from "../fixtures/acme/index.ts";
import { acmeSandbox } from "../fixtures/acme/sandbox.ts";
import { API_TOKEN } from "../helpers/api.ts";
import { cookieFrom, pathOf, v1 } from "../helpers/connect.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { runInline } from "../helpers/queue.ts";

/**
 * A new provider is a folder (test/fixtures/acme: its descriptor, client and sandbox module) plus
 * one line in the registry. Nothing else is told about it: the config reads its variables, the
 * services build it, the catalog gives it its first job, the connect and OAuth routes take it, the
 * sandbox serves its module, and /v1/meta lists it.
 */
const REGISTRY = [...PROVIDERS, acmeProvider];

describe("a third provider: its folder and one registry line", () => {
  let t: TestDb;
  let sandbox: RunningProviderSandbox;
  let services: Services;
  let app: FerryApp;

  beforeAll(async () => {
    t = await testDb();
    sandbox = await startProviderSandbox({ providers: REGISTRY });
    const env = { PUBLIC_URL: "http://127.0.0.1:3999", ACTION_API_TOKEN: API_TOKEN, SESSION_SECRET: randomBytes(24).toString("hex") };
    const config = loadConfig(env, REGISTRY);
    services = await createServices(config, silentLogger(), {
      db: t.db,
      vault: new KeyRing(randomBytes(32)),
      sandbox: { url: sandbox.url, clientSecret: "acme-test-secret" },
    });
    await registerSandboxClients(services.providers);
    app = await appFor(services);
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  it("connects through the OAuth flow and runs its first job against its sandbox module", async () => {
    const api = v1(app);
    expect((await api("PUT", "/v1/users/u1", { entitlements: ["acme_sync"] })).status).toBe(201);
    const session = await api("POST", "/v1/connect-sessions", { user_id: "u1", provider: "acme" });
    expect(session.status).toBe(201);

    const start = await app.request(pathOf(session.body.data?.url as string));
    expect(start.status).toBe(302);
    const consent = await fetch(start.headers.get("location") as string, { redirect: "manual" });
    const callback = consent.headers.get("location") as string;
    expect(new URL(callback).pathname).toBe("/oauth/acme/callback");
    const done = await app.request(pathOf(callback), { headers: { cookie: cookieFrom(start.headers.get("set-cookie")) } });
    expect(new URL(done.headers.get("location") as string).searchParams.get("acme")).toBe("connected");

    const conns = (await api("GET", "/v1/users/u1/connections")).body.data as unknown as Array<{ provider: string; status: string }>;
    expect(conns).toMatchObject([{ provider: "acme", status: "active" }]);
    const jobs = await t.db.query<{ id: string; type: string }>("SELECT id::text AS id, type FROM jobs");
    expect(jobs.rows.map((j) => j.type)).toEqual(["acme.sync"]);

    // Its first job: the step every sync shares, then one call through the provider layer to its module.
    await runInline(t.db, services.handlers, jobs.rows[0]?.id as string);
    const after = (await api("GET", "/v1/users/u1/connections")).body.data as unknown as Array<{ metadata: Record<string, unknown> }>;
    expect(after[0]?.metadata).toMatchObject({ verified: { name: "Acme account" } });
    expect(services.providerRuntime.metrics.snapshot().calls).toContainEqual({
      provider: "acme",
      endpoint: "GET /acme/api/me",
      status: "200",
      count: 1,
    });
    expect(sandbox.instance(acmeSandbox).state.tokens.size).toBe(1);
  });

  it("is listed by /v1/meta, refused by a user without its entitlement, and unknown providers are named", async () => {
    const api = v1(app);
    const meta = (await api("GET", "/v1/meta")).body.data as { providers: Array<{ name: string; mode: string }> };
    expect(meta.providers.map((p) => [p.name, p.mode])).toEqual([
      ["notion", "sandbox"],
      ["google", "sandbox"],
      ["acme", "sandbox"],
    ]);
    await api("PUT", "/v1/users/u2", { entitlements: ["notion_sync"] });
    expect((await api("POST", "/v1/connect-sessions", { user_id: "u2", provider: "acme" })).body.error?.code).toBe("not_entitled");
    const unknown = await api("POST", "/v1/connect-sessions", { user_id: "u2", provider: "nope" });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: "validation_failed" } } });
    expect(unknown.body.error?.message).toContain("body.provider");
  });
});
