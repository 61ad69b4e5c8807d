import { Client } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { accessToken } from "../../src/connections/refresh.ts";
import { DEMO_TREE, type DemoNode, demoCounts, demoDocuments } from "../../src/demo/content/index.ts";
import { type DemoDeps, seedDemo } from "../../src/demo/seed.ts";
import { demoSummary, summaryLines } from "../../src/demo/summary.ts";
import { registerSandboxClients } from "../../src/providers/registry.ts";
import { getPushState } from "../../src/sync/push/status.ts";
import { useConnectApp } from "../helpers/connect-app.ts";
import { pageTree } from "../helpers/push.ts";
import { runInline } from "../helpers/queue.ts";

/** Every node as the path a person sees in Notion under the root: "/workspace/folder/note". */
const paths = (nodes: readonly DemoNode[], prefix = ""): string[] =>
  nodes.flatMap((n) => [`${prefix}/${n.title}`, ...paths(n.children ?? [], `${prefix}/${n.title}`)]);

describe("the demo seed", () => {
  const ctx = useConnectApp();
  const deps = (): DemoDeps => ({ flow: ctx.c.flow, tokens: ctx.c.tokens, publicUrl: "http://127.0.0.1:3999", sessionTtlMs: 900_000 });
  const count = async (table: string) => (await ctx.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;
  const runJob = async (jobId: string) => {
    await runInline(ctx.t.db, ctx.c.handlers, jobId, ctx.c.tokens.logger);
  };

  it("registers the user, writes the tree, connects Notion through OAuth, and its sync makes one page per node", async () => {
    const seed = await seedDemo(deps());
    expect(seed).toMatchObject({ userId: "demo", connection: "connected", connectUrl: null, jobId: expect.any(String) });
    const user = (await ctx.t.db.query("SELECT entitlements FROM app_users WHERE id = 'demo'")).rows[0];
    expect(user).toEqual({ entitlements: ["notion_sync", "calendar_sync"] });
    const docs = (await ctx.t.db.query<{ kind: string }>("SELECT kind FROM documents WHERE user_id = 'demo'")).rows;
    expect(docs).toHaveLength(demoDocuments().length);
    expect(demoCounts()).toEqual({ workspace: 3, folder: expect.any(Number), note: expect.any(Number) });
    expect(demoCounts().note).toBeGreaterThanOrEqual(15);
    const conns = (await ctx.t.db.query("SELECT id, provider, status FROM connections WHERE user_id = 'demo'")).rows;
    expect(conns).toEqual([{ id: seed.connectionId, provider: "notion", status: "active" }]);
    // The connect session went through start and callback, like a browser's.
    expect((await ctx.t.db.query("SELECT outcome FROM connect_sessions")).rows).toEqual([{ outcome: "connected" }]);

    await runJob(seed.jobId as string);
    const root = (await getPushState(ctx.t.db, "demo"))?.rootPageId as string;
    const notion = new Client({ auth: await accessToken(ctx.c.tokens, seed.connectionId as string), baseUrl: ctx.sb.url, retry: false });
    const tree = await pageTree(notion, root);
    expect(tree.sort()).toEqual(paths(DEMO_TREE).sort());
    const summary = await demoSummary(ctx.t.db, seed);
    expect(summary).toMatchObject({ pages: tree.length + 1, rootPageId: root, failed: 0 });
    expect(summaryLines(summary, { sandboxUrl: "http://sb" })).toEqual([
      `Demo user "demo": 3 workspaces, ${summary.counts.folder} folders, ${summary.counts.note} notes → ${tree.length + 1} Notion pages.`,
      `  Read them at http://sb/pages/${root}`,
    ]);
  });

  it("seeding again creates nothing new: same user, documents, connection, job and pages", async () => {
    const first = await seedDemo(deps());
    await runJob(first.jobId as string);
    const before = {
      docs: (await ctx.t.db.query("SELECT kind, id, changed_seq FROM documents ORDER BY kind, id")).rows,
      connections: await count("connections"),
      pages: await count("notion_pages"),
      jobs: await count("jobs"),
      sessions: await count("connect_sessions"),
    };
    const again = await seedDemo(deps());
    // Nothing is pending, so there is no sync to wait for.
    expect(again).toMatchObject({ connection: "existing", connectionId: first.connectionId, jobId: null });
    expect({
      docs: (await ctx.t.db.query("SELECT kind, id, changed_seq FROM documents ORDER BY kind, id")).rows,
      connections: await count("connections"),
      pages: await count("notion_pages"),
      jobs: await count("jobs"),
      sessions: await count("connect_sessions"),
    }).toEqual(before);
  });

  it("connects again when the sandbox forgot the workspace (a restart), and syncs everything anew", async () => {
    const first = await seedDemo(deps());
    await runJob(first.jobId as string);
    await ctx.sb.reset();
    await registerSandboxClients(ctx.c.tokens.providers);
    const again = await seedDemo(deps());
    expect(again).toMatchObject({ connection: "connected", jobId: expect.any(String) });
    expect(again.connectionId).not.toBe(first.connectionId);
    expect((await ctx.t.db.query("SELECT id, status FROM connections")).rows).toEqual([{ id: again.connectionId, status: "active" }]);
    await runJob(again.jobId as string);
    expect(await demoSummary(ctx.t.db, again)).toMatchObject({ pages: demoDocuments().length + 1, failed: 0 });
  });
});
