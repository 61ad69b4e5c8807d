import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { dropSchema, pgUrl } from "../helpers/db.ts";

/** Runs the real CLI code in this process (fast); `ferry()` below spawns the real binary. */
async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { LOG_LEVEL: "error", ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const BIN = join(import.meta.dirname, "..", "..", "bin", "ferry.js");
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEST_DATABASE_URL|FERRY_|PORT|HOST|WORKER_|JOB_|LOG_)/.test(k)),
);

function ferry(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...CLEAN_ENV, LOG_FORMAT: "json", ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("ferry CLI", () => {
  const schema = `t_cli_${process.pid}`;
  afterAll(async () => {
    await dropSchema(schema);
  });

  it("lists its commands with --help", () => {
    const r = ferry(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of ["start", "worker", "migrate", "jobs"]) expect(r.out).toContain(cmd);
    const jobs = ferry(["jobs", "--help"]);
    for (const cmd of ["stats", "list", "retry", "discard", "cleanup", "enqueue"]) expect(jobs.out).toContain(cmd);
  });

  it("fails fast on bad configuration, naming the variable", () => {
    const r = ferry(["migrate"], { DATABASE_URL: "postgres//nope" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error \[invalid_config\].*DATABASE_URL: expected a URL like postgres:\/\//);
    const role = ferry(["start", "--role", "everything"], { FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), "ferry-cli-")) });
    expect(role.code).toBe(2);
    expect(role.err).toContain("--role must be api, worker or all");
  });

  it.skipIf(!pgUrl)("enqueues, inspects and manages jobs on a PostgreSQL server", async () => {
    const env = { DATABASE_URL: pgUrl as string, FERRY_DB_SCHEMA: schema };
    expect((await run(["migrate"], env)).out).toMatch(/applied migrations: 1/);
    expect((await run(["migrate"], env)).out).toMatch(/up to date/);
    const added = await run(["jobs", "enqueue", "ferry.noop", '{"note":"hi"}', "--dedupe-key", "k1"], env);
    expect(JSON.parse(added.out)).toMatchObject({ created: true });
    expect(JSON.parse((await run(["jobs", "enqueue", "ferry.noop", "{}", "--dedupe-key", "k1"], env)).out)).toMatchObject({ created: false });
    const bad = await run(["jobs", "enqueue", "ferry.noop", '{"nope":1}'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("payload");
    expect((await run(["jobs", "enqueue", "ferry.noop", "{}", "--delay-ms", "-1"], env)).code).toBe(2);
    expect((await run(["jobs", "enqueue", "no.such.type"], env)).err).toContain("unknown job type");
    const stats = JSON.parse((await run(["jobs", "stats", "--json"], env)).out);
    expect(stats.byStatus).toMatchObject({ queued: 1, processing: 0 });
    expect((await run(["jobs", "list", "--status", "queued"], env)).out).toContain("ferry.noop");
    expect((await run(["jobs", "list", "--status", "weird"], env)).code).toBe(2);
    expect((await run(["jobs", "retry"], env)).code).toBe(2);
    expect((await run(["jobs", "retry", "--all"], env)).out).toContain("replayed 0");
    expect((await run(["jobs", "discard", "abc"], env)).code).toBe(2);
    expect((await run(["jobs", "cleanup"], env)).out).toContain("deleted 0 completed");
  });

  it("starts with nothing configured, serves /health, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-start-"));
    const child: ChildProcess = spawn(process.execPath, [BIN, "start"], {
      env: { ...CLEAN_ENV, FERRY_DATA_DIR: dataDir, PORT: "0", LOG_FORMAT: "json" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${output}`)), 45_000);
        child.stdout?.on("data", () => {
          const m = /"url":"(http:\/\/[^"]+)","msg":"HTTP server listening"/.exec(output);
          if (m?.[1] && output.includes("ferry is running")) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(output).toContain("using the embedded database (PGlite)");
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { status: "ok", database: { driver: "pglite" } } });
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(output).toContain("worker pool stopped");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
