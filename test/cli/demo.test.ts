import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";

describe("ferry demo", () => {
  it("--no-serve: with nothing configured, seeds the demo, syncs it to the sandbox, prints the summary and exits 0", async () => {
    const env = { FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), "ferry-demo-")), SANDBOX_PORT: "0", PORT: "0", LOG_LEVEL: "silent" };
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["demo", "--no-serve"], env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out[0]).toMatch(/^Demo user "demo": 3 workspaces, \d+ folders, \d+ notes → \d+ Notion pages\.$/);
    const [, folders, notes, pages] = /(\d+) folders, (\d+) notes → (\d+)/.exec(out[0] ?? "")?.map(Number) ?? [];
    // One page per node, plus the root page Ferry made.
    expect(pages).toBe(3 + (folders ?? 0) + (notes ?? 0) + 1);
    expect(out[1]).toMatch(/^ {2}Read them at http:\/\/127\.0\.0\.1:\d+\/pages\/[0-9a-f-]{36}$/);
    expect(out).toHaveLength(2);
  }, 60_000);
});
