import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Config, loadConfig, parseVariables } from "../../src/config/load.ts";
import { ValidationError } from "../../src/errors.ts";
import type { GoogleSettings } from "../../src/providers/google/index.ts";
import type { NotionSettings } from "../../src/providers/notion/index.ts";

/** A provider's settings as the config read them. */
const settingsOf = <S>(c: Config, id: string): S => c.providers.configured.find((p) => p.descriptor.id === id)?.settings as S;

describe("configuration", () => {
  it("runs with nothing configured: embedded database, sane defaults", () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ url: undefined, dataDir: "./.ferry", schema: "ferry", poolSize: 10 });
    expect(c.http).toEqual({ host: "127.0.0.1", port: 3000, apiToken: undefined, maxBodyBytes: 1024 * 1024 });
    expect(c.sandbox).toBe(true);
    expect(c.role).toBe("all");
    expect(c.worker).toMatchObject({ concurrency: 10, batchSize: 20, queues: ["default"], leaseMs: 30_000, secret: undefined });
    expect(c.retention).toEqual({ completedDays: 7, deadLetterDays: 30 });
  });

  it("seeds the demo by itself only with nothing configured (FERRY_DEMO=auto), or as FERRY_DEMO says", () => {
    const pg = { DATABASE_URL: "postgres://u@db:5432/app" };
    const notion = { NOTION_OAUTH_CLIENT_ID: "id", NOTION_OAUTH_CLIENT_SECRET: "secret" };
    const google = { GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "secret" };
    expect([{}, pg, notion, google].map((env) => loadConfig(env).demo)).toEqual([true, false, false, false]);
    expect(loadConfig({ ...pg, ...notion, FERRY_DEMO: "on" }).demo).toBe(true);
    expect(loadConfig({ FERRY_DEMO: "off" }).demo).toBe(false);
    expect(() => loadConfig({ FERRY_DEMO: "yes" })).toThrow(/FERRY_DEMO: expected auto, on or off/);
  });

  it("parses typed values from strings", () => {
    const c = loadConfig({ PORT: "8080", WORKER_QUEUES: "default, sync.notion", JOB_LEASE_SECONDS: "10", FERRY_ROLE: "worker" });
    expect(c.http.port).toBe(8080);
    expect(c.worker.queues).toEqual(["default", "sync.notion"]);
    expect(c.worker.leaseMs).toBe(10_000);
    expect(c.role).toBe("worker");
  });

  it("leaves sandbox mode once a database server is configured, and reads the API token", () => {
    const c = loadConfig({
      DATABASE_URL: "postgres://u:p@db:5432/app",
      ACTION_API_TOKEN: "a-long-enough-token",
      API_MAX_BODY_BYTES: "2048",
    });
    expect(c.sandbox).toBe(false);
    expect(c.http).toMatchObject({ apiToken: "a-long-enough-token", maxBodyBytes: 2048 });
    expect(() => loadConfig({ ACTION_API_TOKEN: "short" })).toThrow(/ACTION_API_TOKEN: expected at least 16 characters$/);
  });

  it("fails with the variable's name and what was expected, for every bad variable at once", () => {
    let err: unknown;
    try {
      loadConfig({ PORT: "eighty", WORKER_CONCURRENCY: "0", LOG_LEVEL: "loud" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.code).toBe("invalid_config");
    expect(v.issues.map((i) => i.field).sort()).toEqual(["LOG_LEVEL", "PORT", "WORKER_CONCURRENCY"]);
    expect(v.message).toMatch(/PORT: expected a whole number/);
    expect(v.message).toMatch(/WORKER_CONCURRENCY: expected at least 1/);
  });

  it("rejects a malformed DATABASE_URL without echoing it (it may hold a password)", () => {
    for (const url of ["not a url", "mysql://u:p@h/db", "postgres://"]) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/DATABASE_URL: expected a URL like postgres:\/\//);
    }
    try {
      loadConfig({ DATABASE_URL: "mysql://user:hunter2@h/db" });
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db.internal:5432/app" }).database.url).toBe(
      "postgresql://u:p@db.internal:5432/app",
    );
  });

  it("rejects a short WORKER_SECRET and an unsafe schema name", () => {
    expect(() => loadConfig({ WORKER_SECRET: "short" })).toThrow(/WORKER_SECRET: expected at least 16 characters/);
    expect(() => loadConfig({ FERRY_DB_SCHEMA: 'x"; drop' })).toThrow(/FERRY_DB_SCHEMA/);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: " " }).database.url).toBeUndefined();
  });

  it("accepts a seed system's name for a variable, the canonical name winning when both are set", () => {
    const table = { NOTION_OAUTH_CLIENT_ID: { doc: "x", aliases: ["NOTION_CLIENT_ID"], schema: z.string().optional() } };
    expect(parseVariables({ NOTION_CLIENT_ID: "seed" }, table)).toEqual({ NOTION_OAUTH_CLIENT_ID: "seed" });
    expect(parseVariables({ NOTION_CLIENT_ID: "seed", NOTION_OAUTH_CLIENT_ID: "main" }, table)).toEqual({ NOTION_OAUTH_CLIENT_ID: "main" });
    const strict = { A_KEY: { doc: "x", aliases: ["OLD_KEY"], schema: z.string().length(4) } };
    expect(() => parseVariables({ OLD_KEY: "toolong" }, strict)).toThrow(/OLD_KEY: /);
  });

  it("normalises redirect URIs (trimmed, no trailing slash) and derives the connect defaults", () => {
    const c = loadConfig({ NOTION_OAUTH_REDIRECT_URI: "  http://localhost:3002/notion/oauth/callback/  ", PORT: "3100" });
    expect(settingsOf<NotionSettings>(c, "notion").redirectUri).toBe("http://localhost:3002/notion/oauth/callback");
    expect(c.publicUrl).toBe("http://127.0.0.1:3100");
    expect(settingsOf<GoogleSettings>(c, "google").redirectUri).toBe("http://127.0.0.1:3100/oauth/google/callback");
    expect(c.connect.defaultReturnUrl).toBe("http://127.0.0.1:3100/oauth/result");
    const app = loadConfig({
      FRONTEND_URL: "https://app.example.com/",
      RETURN_URL_ALLOWLIST: "https://admin.example.com/x, https://b.example.com",
    });
    expect(app.connect.defaultReturnUrl).toBe("https://app.example.com/settings");
    expect(app.connect.returnOrigins).toEqual(["https://app.example.com", "https://admin.example.com", "https://b.example.com"]);
  });

  it("wants a provider's client id and secret together, under either the seed or the canonical names", () => {
    expect(() => loadConfig({ NOTION_CLIENT_ID: "id" })).toThrow(/NOTION_OAUTH_CLIENT_SECRET: set both/);
    expect(() => loadConfig({ GOOGLE_OAUTH_CLIENT_SECRET: "s" })).toThrow(/GOOGLE_OAUTH_CLIENT_ID: set both/);
    const c = loadConfig({ NOTION_CLIENT_ID: "id", NOTION_CLIENT_SECRET: "secret-value" });
    expect(settingsOf<NotionSettings>(c, "notion").credentials).toEqual({ clientId: "id", clientSecret: "secret-value" });
    expect(c.providers.configured.map((p) => [p.descriptor.id, p.live])).toEqual([
      ["notion", true],
      ["google", false],
    ]);
    expect(() => loadConfig({ FRONTEND_URL: "javascript:alert(1)" })).toThrow(/FRONTEND_URL: expected an http\(s\) URL/);
  });
});
