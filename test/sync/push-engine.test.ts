import { collectPaginatedAPI } from "@notionhq/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mapKey } from "../../src/sync/push/mapping.ts";
import { recordIntent } from "../../src/sync/push/sql/mappings.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { type PushFixture, pageTree, pushFixture } from "../helpers/push.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { providerCallsDuring } from "../helpers/sandbox-log.ts";

type Kid = {
  id: string;
  type: string;
  child_page?: { title: string };
  paragraph?: { rich_text: Array<{ plain_text: string }> };
  in_trash?: boolean;
};

/** The push sync engine against the sandbox. */
describe("push sync engine", () => {
  const sb = useSandbox();
  let t: TestDb;
  let f: PushFixture;

  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await sb.reset();
    f = await pushFixture(t, sb.url);
  });

  const callsDuring = async (fn: () => Promise<unknown>) => (await providerCallsDuring(sb.url, fn)).calls;
  const kids = async (id: string): Promise<Kid[]> =>
    (await f.client.blocks.children.list({ block_id: id, page_size: 100 })).results as unknown as Kid[];
  const pageOf = async (kind: string, id: string) =>
    (
      await t.db.query<{ page_id: string; status: string }>(
        "SELECT page_id, status FROM notion_pages WHERE user_id = $1 AND kind = $2 AND doc_id = $3",
        [f.userId, kind, id],
      )
    ).rows[0];
  const texts = async (pageId: string) =>
    (await kids(pageId)).filter((k) => k.type === "paragraph").map((k) => k.paragraph?.rich_text.map((r) => r.plain_text).join(""));

  const tree = [
    { kind: "workspace", id: "w1", title: "Work", position: 1 },
    { kind: "workspace", id: "w2", title: "Home", position: 2 },
    { kind: "folder", id: "f1", parent: { kind: "workspace", id: "w1" }, title: "Plans" },
    { kind: "folder", id: "f2", parent: { kind: "folder", id: "f1" }, title: "2026" },
    { kind: "note", id: "n1", parent: { kind: "folder", id: "f2" }, title: "Q1", body: "one\ntwo\nthree" },
    { kind: "note", id: "n2", parent: { kind: "workspace", id: "w2" }, title: "Groceries", body: "milk" },
  ];

  it("first sync: one page per node under the right parent, with its title and body; the root is created once", async () => {
    await f.write(tree);
    const { counts } = await f.sync();
    expect(counts).toMatchObject({ created: 6, failed: 0 });
    const root = (await t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [f.userId]))
      .rows[0]?.root_page_id as string;
    expect((await f.client.pages.retrieve({ page_id: root })) as unknown).toMatchObject({
      parent: { type: "workspace" },
      properties: { title: { title: [{ plain_text: "Notic Sync" }] } },
    });
    expect((await kids(root)).map((k) => k.child_page?.title)).toEqual(["Work", "Home"]);
    const f2 = await pageOf("folder", "f2");
    expect((await kids(f2?.page_id as string)).map((k) => k.child_page?.title)).toEqual(["Q1"]);
    expect(await texts((await pageOf("note", "n1"))?.page_id as string)).toEqual(["one", "two", "three"]);
  });

  it("an unchanged tree costs zero provider calls; an edited paragraph costs one call once block ids are known", async () => {
    await f.write(tree);
    await f.sync();
    expect(await callsDuring(() => f.sync())).toEqual([]);
    await f.write([{ ...tree[4], body: "one\nTWO\nthree" } as (typeof tree)[number]]);
    // Created pages' block ids come back from no endpoint: the first edit reads them once.
    const first = await callsDuring(() => f.sync());
    expect(first.map((r) => r.endpoint)).toEqual(["GET /v1/blocks/:id/children", "PATCH /v1/blocks/:id"]);
    await f.write([{ ...tree[4], body: "one\nTWO\n3" } as (typeof tree)[number]]);
    const second = await callsDuring(() => f.sync());
    expect(second.map((r) => r.endpoint)).toEqual(["PATCH /v1/blocks/:id"]);
    expect(await texts((await pageOf("note", "n1"))?.page_id as string)).toEqual(["one", "TWO", "3"]);
  });

  it("inserts and deletes in the middle of a long note touch only those blocks", async () => {
    const long = Array.from({ length: 150 }, (_, i) => `p${i}`);
    const note = (lines: string[]) => f.write([{ kind: "note", id: "long", title: "Long", body: lines.join("\n") }]);
    await note(long);
    await f.sync();
    // Two blocks inserted in the middle, two deleted: the first edit also learns the ids of the
    // blocks that rode on the page create (one listing; the later blocks' ids came from their append).
    const edited = [...long.slice(0, 70), "new A", "new B", ...long.slice(70, 100), ...long.slice(102)];
    await note(edited);
    const first = await callsDuring(() => f.sync());
    expect(first.map((r) => r.endpoint).sort()).toEqual([
      "DELETE /v1/blocks/:id",
      "DELETE /v1/blocks/:id",
      "GET /v1/blocks/:id/children",
      "PATCH /v1/blocks/:id/children",
    ]);
    // Now ids are known: one deletion in the middle, and at the end ten lines become one.
    const next = [...edited.slice(0, 10), ...edited.slice(11, 140), "tail"];
    await note(next);
    const calls = await callsDuring(() => f.sync());
    expect(calls.filter((c) => c.endpoint === "DELETE /v1/blocks/:id")).toHaveLength(10);
    expect(calls.filter((c) => c.endpoint === "PATCH /v1/blocks/:id")).toHaveLength(1);
    expect(calls).toHaveLength(11);
    const page = (await pageOf("note", "long"))?.page_id as string;
    const all = await collectPaginatedAPI(f.client.blocks.children.list, { block_id: page });
    expect(all.map((b) => (b as unknown as Kid).paragraph?.rich_text.map((r) => r.plain_text).join(""))).toEqual(next);
  });

  it("a deleted node's page is archived (its subtree with it, in one call); a move re-parents", async () => {
    await f.write(tree);
    await f.sync();
    const moved = await callsDuring(async () => {
      await f.write([{ kind: "note", id: "n1", parent: { kind: "workspace", id: "w2" }, title: "Q1", body: "one\ntwo\nthree" }]);
      await f.sync();
    });
    expect(moved.map((r) => r.endpoint)).toEqual(["POST /v1/pages/:id/move"]);
    const w2 = await pageOf("workspace", "w2");
    expect((await kids(w2?.page_id as string)).map((k) => k.child_page?.title).sort()).toEqual(["Groceries", "Q1"]);
    await t.db.query("UPDATE documents SET deleted = true WHERE user_id = $1 AND id IN ('f1', 'f2')", [f.userId]);
    const archived = await callsDuring(() => f.sync());
    expect(archived.map((r) => r.endpoint)).toEqual(["PATCH /v1/pages/:id"]);
    expect((await f.client.pages.retrieve({ page_id: (await pageOf("folder", "f1"))?.page_id as string })) as unknown).toMatchObject({
      in_trash: true,
    });
    expect(await pageOf("folder", "f2")).toMatchObject({ status: "archived" });
  });

  it("a page the user trashed in Notion is recreated (or reported, per policy), never silently broken", async () => {
    await f.write(tree);
    await f.sync();
    const n2 = (await pageOf("note", "n2"))?.page_id as string;
    await f.client.pages.update({ page_id: n2, in_trash: true });
    await f.write([{ ...tree[5], title: "Groceries!" } as (typeof tree)[number]]);
    const report = await f.sync({ trashedPolicy: "report" });
    expect(report.counts.failed).toBe(1);
    expect(await pageOf("note", "n2")).toMatchObject({ status: "missing" });
    const again = await f.sync();
    expect(again.counts.recreated).toBe(1);
    const now = await pageOf("note", "n2");
    expect(now?.page_id).not.toBe(n2);
    expect(await texts(now?.page_id as string)).toEqual(["milk"]);
  });

  it("crash safety: an intent whose page was created before the crash is adopted, not duplicated", async () => {
    await f.write(tree.slice(0, 1));
    await f.sync();
    const w1 = (await pageOf("workspace", "w1"))?.page_id as string;
    await f.write([{ kind: "note", id: "c1", parent: { kind: "workspace", id: "w1" }, title: "Crashy", body: "body" }]);
    // The process recorded the intent, created the page, and died before recording it.
    await recordIntent(
      t.db,
      { userId: f.userId, connectionId: f.ctx.connectionId, kind: "note", docId: "c1" },
      { parentPageId: w1, title: "Crashy", at: new Date() },
    );
    await f.client.pages.create({
      parent: { page_id: w1 },
      properties: { title: { title: [{ type: "text", text: { content: "Crashy" } }] } },
      children: [],
    });
    const { counts } = await f.sync();
    expect(counts.failed).toBe(0);
    const titles = (await kids(w1)).filter((k) => k.type === "child_page" && !k.in_trash).map((k) => k.child_page?.title);
    expect(titles).toEqual(["Crashy"]);
    expect(await texts((await pageOf("note", "c1"))?.page_id as string)).toEqual(["body"]);
    // An intent whose create never happened: created now, once.
    await f.write([{ kind: "note", id: "c2", parent: { kind: "workspace", id: "w1" }, title: "Never made" }]);
    await recordIntent(
      t.db,
      { userId: f.userId, connectionId: f.ctx.connectionId, kind: "note", docId: "c2" },
      { parentPageId: w1, title: "Never made", at: new Date() },
    );
    await f.sync();
    expect((await kids(w1)).filter((k) => k.child_page?.title === "Never made")).toHaveLength(1);
    expect(mapKey("a", "b")).toBe("a\u0000b");
  });

  it("one note the provider refuses is recorded with its error and retried next run; the rest syncs", async () => {
    await f.write(tree.slice(0, 1));
    await f.sync(); // the root and the first workspace exist
    await f.write([
      { kind: "note", id: "bad", parent: { kind: "workspace", id: "w1" }, title: "Refused", body: "x", position: 1 },
      { kind: "note", id: "ok1", parent: { kind: "workspace", id: "w1" }, title: "Fine 1", body: "y", position: 2 },
      { kind: "note", id: "ok2", parent: { kind: "workspace", id: "w1" }, title: "Fine 2", body: "z", position: 3 },
    ]);
    await fetch(`${sb.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({
        method: "POST",
        path: "^/v1/pages$",
        status: 400,
        code: "validation_error",
        message: "body failed validation.",
        count: 1,
      }),
    });
    const first = await f.sync();
    expect(first.counts).toMatchObject({ created: 2, failed: 1 });
    const state = (
      await t.db.query<{ last_errors: Array<{ id: string; error: string }> }>(
        "SELECT last_errors FROM push_sync_state WHERE user_id = $1",
        [f.userId],
      )
    ).rows[0];
    expect(state?.last_errors).toEqual([
      { kind: "note", id: "bad", error: expect.stringContaining("validation_error"), code: "invalid_request", status: 400 },
    ]);
    const second = await f.sync();
    expect(second.counts).toMatchObject({ created: 1, failed: 0 });
    const w1 = (await pageOf("workspace", "w1"))?.page_id as string;
    expect((await kids(w1)).map((k) => k.child_page?.title).sort()).toEqual(["Fine 1", "Fine 2", "Refused"]);
  });

  it("a trashed root stops the sync with a clear status, not a pile of errors", async () => {
    await f.write(tree);
    await f.sync();
    const root = (await t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [f.userId]))
      .rows[0]?.root_page_id as string;
    await f.client.pages.update({ page_id: root, in_trash: true });
    await f.write([
      { ...tree[4], title: "Q1 (edited)" } as (typeof tree)[number],
      { kind: "note", id: "n9", parent: { kind: "folder", id: "f1" }, title: "New" },
    ]);
    const run = await f.sync();
    expect(run.rootStatus).toBe("inaccessible");
    expect(run.counts.failed).toBe(0);
    expect((await t.db.query("SELECT root_status FROM push_sync_state WHERE user_id = $1", [f.userId])).rows).toEqual([
      { root_status: "inaccessible" },
    ]);
    // Later runs stop at once, without calls, until a new root is chosen.
    expect(await callsDuring(() => f.sync())).toEqual([]);
  });

  it("a body edited in Notion is rewritten from the app's text, above the page's sub-pages", async () => {
    await f.write([
      { kind: "note", id: "top", title: "Top", body: "one\ntwo" },
      { kind: "note", id: "sub", parent: { kind: "note", id: "top" }, title: "Sub" },
    ]);
    await f.sync();
    const top = (await pageOf("note", "top"))?.page_id as string;
    // Someone types at the start of the page in Notion: Ferry's record no longer matches.
    await f.client.blocks.children.append({
      block_id: top,
      children: [{ paragraph: { rich_text: [{ text: { content: "typed in Notion" } }] } }],
      position: { type: "start" },
    });
    await f.write([{ kind: "note", id: "top", title: "Top", body: "one\nTWO" }]);
    await f.sync();
    const order = (await kids(top)).map((k) =>
      k.type === "child_page" ? `[${k.child_page?.title}]` : k.paragraph?.rich_text.map((r) => r.plain_text).join(""),
    );
    expect(order).toEqual(["one", "TWO", "[Sub]"]);
  });

  it("a folder trashed in Notion (not the root) is made again, and the notes under it follow within a few runs", async () => {
    await f.write(tree);
    await f.sync();
    await f.client.pages.update({ page_id: (await pageOf("folder", "f1"))?.page_id as string, in_trash: true });
    await f.write([{ ...tree[4], body: "one\ntwo\nfour" } as (typeof tree)[number]]);
    let runs = 0;
    for (; runs < 5; runs++) if ((await f.sync()).counts.failed === 0 && (await pageOf("note", "n1"))?.status === "synced") break;
    expect(runs).toBeLessThan(5);
    const root = (await t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [f.userId]))
      .rows[0]?.root_page_id as string;
    expect((await pageTree(f.client, root)).sort()).toEqual([
      "/Home",
      "/Home/Groceries",
      "/Work",
      "/Work/Plans",
      "/Work/Plans/2026",
      "/Work/Plans/2026/Q1",
    ]);
    expect(await texts((await pageOf("note", "n1"))?.page_id as string)).toEqual(["one", "two", "four"]);
  });
});
