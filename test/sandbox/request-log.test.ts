import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProviderSandbox } from "../../src/providers/sandbox.ts";

interface Log {
  total: number;
  kept: number;
  limit: number;
  dropped: number;
  recent: Array<{ path: string }>;
}

/** The request log keeps the last N requests (10,000 unless told), and says so. */
describe("sandbox: request log", () => {
  const read = async (app: ReturnType<typeof buildProviderSandbox>["app"], query = "") =>
    (await (await app.request(`/__sandbox/requests${query}`)).json()) as Log;

  it("keeps 10,000 requests by default and says how many it kept and dropped", async () => {
    const { app } = buildProviderSandbox();
    await app.request("/__sandbox/faults");
    expect(await read(app)).toMatchObject({ total: 1, kept: 1, limit: 10_000, dropped: 0 });
  });

  it("keeps only the last `requestLogLimit`, counting the dropped ones until a reset", async () => {
    const { app } = buildProviderSandbox({ requestLogLimit: 3 });
    for (let i = 0; i < 5; i++) await app.request(`/__sandbox/faults?i=${i}`);
    const log = await read(app, "?limit=100");
    expect(log).toMatchObject({ total: 3, kept: 3, limit: 3, dropped: 2 });
    expect(log.recent.map((e) => e.path)).toEqual(["/__sandbox/faults", "/__sandbox/faults", "/__sandbox/faults"]);
    // The read itself was logged after it answered, pushing one more out.
    expect(await read(app)).toMatchObject({ kept: 3, dropped: 3 });
    await app.request("/__sandbox/reset", { method: "POST" });
    expect(await read(app)).toMatchObject({ total: 1, kept: 1, dropped: 0 });
  });

  it("keeps nothing with a limit of 0, and refuses a negative one", async () => {
    const { app } = buildProviderSandbox({ requestLogLimit: 0 });
    await app.request("/__sandbox/faults");
    expect(await read(app)).toMatchObject({ total: 0, kept: 0, limit: 0, dropped: 1, recent: [] });
    expect(() => buildProviderSandbox({ requestLogLimit: -1 })).toThrow(/request log limit/);
  });

  it("takes the limit from `ferry sandbox --request-log-limit`", async () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "ferry.js");
    const child = spawn(process.execPath, [bin, "sandbox", "--port", "0", "--request-log-limit", "2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 30_000);
        const onData = (d: Buffer) => {
          out += d;
          const m = /sandbox listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
      });
      for (let i = 0; i < 4; i++) await fetch(`${url}/__sandbox/faults`);
      expect(await (await fetch(`${url}/__sandbox/requests`)).json()).toMatchObject({ kept: 2, limit: 2, dropped: 2 });
    } finally {
      child.kill("SIGTERM");
    }
  }, 40_000);
});
