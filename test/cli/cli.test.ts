import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ferry.js");
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(DATABASE_URL|TEST_DATABASE_URL|FERRY_|PORT|HOST|WORKER_|JOB_|LOG_|TOKEN_|NOTION_TOKEN_)/.test(k),
  ),
);

function ferry(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...CLEAN_ENV, LOG_FORMAT: "json", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("ferry CLI", () => {
  it("lists its commands with --help", () => {
    const r = ferry(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of ["start", "worker", "demo", "migrate", "jobs", "keys", "sandbox"]) expect(r.out).toContain(cmd);
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
