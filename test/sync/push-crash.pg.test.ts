import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/sync/markdown/index.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { type PushFixture, pageTree, pushFixture } from "../helpers/push.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const CRASHER = new URL("../fixtures/push-crasher.ts", import.meta.url).pathname;

const long = Array.from({ length: 130 }, (_, i) => `Paragraph ${i}.`).join("\n\n");
const TREE = [
  { kind: "workspace", id: "w", title: "Work" },
  { kind: "folder", id: "f", parent: { kind: "workspace", id: "w" }, title: "Plans" },
  { kind: "folder", id: "g", parent: { kind: "folder", id: "f" }, title: "Deeper" },
  { kind: "note", id: "a", parent: { kind: "folder", id: "f" }, title: "Alpha", body: "# A\n\n- one\n  - two\n    - three" },
  { kind: "note", id: "b", parent: { kind: "folder", id: "g" }, title: "Beta", body: long },
  { kind: "note", id: "c", parent: { kind: "workspace", id: "w" }, title: "Alpha", body: "same title, other note" },
];
const EXPECTED = ["/Work", "/Work/Plans", "/Work/Plans/Deeper", "/Work/Plans/Deeper/Beta", "/Work/Plans/Alpha", "/Work/Alpha"].sort();

/**
 * Crash safety: the sync process is killed right after each provider response in turn (so after
 * every step), restarted, and left to finish; every time, each node has exactly one page.
 */
describe("push sync crash safety (process kill after each step)", () => {
  const sb = useSandbox();
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb("postgres");
  });
  afterAll(async () => {
    await t?.drop();
  });

  function run(f: PushFixture, killAfter: number): Promise<{ code: number | null; out: string }> {
    const env = {
      ...process.env,
      TEST_PG_URL: t.url as string,
      TEST_SCHEMA: t.schema,
      SANDBOX_URL: sb.url,
      TOKEN: f.token,
      USER_ID: f.userId,
      CONNECTION_ID: f.ctx.connectionId,
      WORKSPACE_ID: f.workspaceId,
      BOT_ID: f.ctx.botId,
      KILL_AFTER: String(killAfter),
    };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", CRASHER], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        out += d;
      });
      child.on("exit", (code) => resolve({ code, out }));
    });
  }

  async function fresh(): Promise<PushFixture> {
    await sb.reset();
    const f = await pushFixture(t, sb.url, markdownToBlocks);
    await f.write(TREE);
    return f;
  }

  async function expectOnePagePerNode(f: PushFixture, step: string) {
    const root = (await t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [f.userId]))
      .rows[0]?.root_page_id as string;
    const roots = (await f.client.search({ query: "Crash Sync", filter: { property: "object", value: "page" } })).results.filter(
      (p) => !(p as { in_trash?: boolean }).in_trash,
    );
    expect(roots, `root pages, ${step}`).toHaveLength(1);
    expect((await pageTree(f.client, root)).sort(), `pages, ${step}`).toEqual(EXPECTED);
  }

  it("after a kill at every step, a restart finishes with exactly one page per node", async () => {
    // A clean run first, to count the steps (provider responses).
    const clean = await fresh();
    const base = await run(clean, 0);
    expect(base.code, base.out).toBe(0);
    await expectOnePagePerNode(clean, "clean run");
    const steps = (JSON.parse(base.out.trim().split("\n").pop() as string) as { responses: number }).responses;
    expect(steps).toBeGreaterThan(6);
    for (let n = 1; n <= steps; n++) {
      const f = await fresh();
      const killed = await run(f, n);
      expect(killed.code, `the kill after response ${n}`).not.toBe(0);
      const finished = await run(f, 0);
      expect(finished.code, finished.out).toBe(0);
      await expectOnePagePerNode(f, `after a kill at response ${n} of ${steps}`);
    }
  }, 300_000);
});
