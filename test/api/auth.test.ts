import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { apiOptions, DEV_TOKEN_FILE } from "../../src/runtime/api-options.ts";
import { API_TOKEN, type ApiFixture, apiFixture, capturedLogger } from "../helpers/api.ts";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("API auth and /v1/meta", () => {
  let f: ApiFixture;
  let dir: string;
  beforeAll(async () => {
    f = await apiFixture();
    dir = await mkdtemp(join(tmpdir(), "ferry-api-token-"));
  });
  afterAll(async () => {
    await f?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers /v1/meta with the right token: service, versions, mode, providers and auth kind, nothing secret", async () => {
    const res = await f
      .app({
        api: {
          sandbox: true,
          providers: [{ name: "notion", configured: false, mode: "sandbox", endpoints: { api: "http://127.0.0.1:4010" } }],
        },
      })
      .request("/v1/meta", { headers: bearer(API_TOKEN) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      data: {
        service: "ferry",
        version: "test",
        api_version: "v1",
        sandbox: true,
        database: f.t.kind,
        providers: [{ name: "notion", configured: false, mode: "sandbox", endpoints: { api: "http://127.0.0.1:4010" } }],
        auth: { kind: "action_api_token" },
      },
    });
    expect(JSON.stringify(body)).not.toContain(API_TOKEN);
  });

  it("refuses a missing, wrong or differently-cased scheme token with 401 and WWW-Authenticate, also on unknown /v1 paths", async () => {
    const app = f.app();
    for (const [path, headers] of [
      ["/v1/meta", {}],
      ["/v1/meta", bearer(`${API_TOKEN}x`)],
      ["/v1/meta", bearer(API_TOKEN.slice(0, -1))],
      ["/v1/meta", { Authorization: API_TOKEN }],
      ["/v1/nothing-here", {}],
      ["/v1", {}],
    ] as const) {
      const res = await app.request(path, { headers });
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized", request_id: res.headers.get("x-request-id") } });
    }
  });

  it("answers 503 not_configured on /v1/ when no token is configured, never opening up", async () => {
    const res = await f.app({ api: { token: undefined } }).request("/v1/meta", { headers: bearer("") });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "not_configured", message: expect.stringContaining("ACTION_API_TOKEN") } });
  });

  it("reports a development token as such", async () => {
    const res = await f.app({ api: { tokenSource: "generated" } }).request("/v1/meta", { headers: bearer(API_TOKEN) });
    expect(await res.json()).toMatchObject({ data: { auth: { kind: "development_token" } } });
  });

  it("generates a development token in sandbox mode into a 0600 file, reuses it, and logs the path, not the token", async () => {
    const { logger, lines } = capturedLogger();
    const config = loadConfig({ FERRY_DATA_DIR: dir });
    const first = await apiOptions(config, new Map(), logger);
    expect(first).toMatchObject({ tokenSource: "generated", sandbox: true });
    const path = join(dir, DEV_TOKEN_FILE);
    expect((await readFile(path, "utf8")).trim()).toBe(first.token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await apiOptions(config, new Map(), logger)).token).toBe(first.token);
    expect(lines.join("")).toContain(path);
    expect(lines.join("")).not.toContain(first.token ?? "?");
  });

  it("uses ACTION_API_TOKEN when set, and no token at all with a database server but no ACTION_API_TOKEN", async () => {
    const { logger } = capturedLogger();
    expect(await apiOptions(loadConfig({ ACTION_API_TOKEN: API_TOKEN }), new Map(), logger)).toMatchObject({
      token: API_TOKEN,
      tokenSource: "env",
    });
    const server = await apiOptions(loadConfig({ DATABASE_URL: "postgres://u@db:5432/app", FERRY_DATA_DIR: dir }), new Map(), logger);
    expect(server.token).toBeUndefined();
    expect(server.sandbox).toBe(false);
  });
});
