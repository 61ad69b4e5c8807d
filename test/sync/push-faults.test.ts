import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/sync/markdown/index.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { pageTree, pushFixture } from "../helpers/push.ts";
import { useSandbox } from "../helpers/sandbox.ts";

/** Under 429 storms, 5xx and 409s the sync converges, with no duplicates. */
describe("push sync under provider faults", () => {
  const sb = useSandbox();
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("converges to exactly one page per node", async () => {
    await sb.reset();
    const f = await pushFixture(t, sb.url, markdownToBlocks);
    const docs: Parameters<typeof f.write>[0] = [{ kind: "workspace", id: "w", title: "W" }];
    for (let i = 0; i < 4; i++) docs.push({ kind: "folder", id: `f${i}`, parent: { kind: "workspace", id: "w" }, title: `Folder ${i}` });
    for (let i = 0; i < 30; i++)
      docs.push({
        kind: "note",
        id: `n${i}`,
        parent: { kind: "folder", id: `f${i % 4}` },
        title: `Note ${i}`,
        body: `# Note ${i}\n\n- a\n- b\n  - c\n\ntext ${i}`,
      });
    await f.write(docs);
    const fault = (rule: Record<string, unknown>) => fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(rule) });
    await fault({ path: "^/v1/", status: 429, code: "rate_limited", retry_after_seconds: 0, probability: 0.15 });
    await fault({ path: "^/v1/", status: 503, code: "service_unavailable", probability: 0.1 });
    await fault({ method: "PATCH", path: "^/v1/", status: 409, code: "conflict_error", probability: 0.1 });
    // And some that surely happen, whatever the dice say.
    await fault({ method: "POST", path: "^/v1/pages$", status: 503, code: "service_unavailable", count: 2 });
    await fault({ method: "POST", path: "^/v1/pages$", status: 429, code: "rate_limited", retry_after_seconds: 0, count: 2 });
    // A 5xx on a create is not repeated (it may have happened): that run stops, the next one
    // reconciles the intent. Keep running until a run finishes cleanly.
    let runs = 0;
    for (; runs < 40; runs++) {
      const done = await f.sync().catch(() => null);
      if (done && done.counts.failed === 0 && (await f.sync().catch(() => null))?.counts.created === 0) break;
    }
    await fetch(`${sb.url}/__sandbox/faults`, { method: "DELETE" });
    expect(runs).toBeLessThan(40);
    const final = await f.sync();
    expect(final.counts).toMatchObject({ created: 0, failed: 0 });
    const root = (await t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [f.userId]))
      .rows[0]?.root_page_id as string;
    const tree = await pageTree(f.client, root);
    expect(tree).toHaveLength(35);
    expect(new Set(tree).size).toBe(35);
    const injected = ((await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_status: Record<string, number> }).by_status;
    expect((injected["429"] ?? 0) + (injected["503"] ?? 0) + (injected["409"] ?? 0)).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
