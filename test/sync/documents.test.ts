import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_TOKEN, type ApiFixture, apiFixture } from "../helpers/api.ts";

/** The app's content tree over the API: batches all or nothing, parents checked, deletes cascade. */
describe("documents API", () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture();
  });
  afterAll(async () => {
    await f?.drop();
  });
  beforeEach(async () => {
    await f.t.db.query("TRUNCATE documents, app_users CASCADE");
    await call("PUT", "/v1/users/ada", { entitlements: ["notion_sync"] });
  });

  async function call(method: string, path: string, body?: unknown) {
    const res = await f.app().request(path, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: Record<string, unknown>;
        error?: { message: string; details?: { issues?: Array<{ field: string }> } };
      },
    };
  }
  const seqs = async () =>
    Object.fromEntries(
      (
        await f.t.db.query<{ id: string; changed_seq: string; deleted: boolean }>(
          "SELECT id, changed_seq, deleted FROM documents ORDER BY id",
        )
      ).rows.map((r) => [r.id, { seq: r.changed_seq, deleted: r.deleted }]),
    );

  const tree = [
    { kind: "workspace", id: "w1", title: "Work" },
    { kind: "folder", id: "f1", parent: { kind: "workspace", id: "w1" }, title: "Plans" },
    { kind: "note", id: "n1", parent: { kind: "folder", id: "f1" }, title: "Q1", body: "# Goals\n\n- ship" },
  ];

  it("stores a tree, and an identical re-send changes nothing (no sync work)", async () => {
    expect(await call("PUT", "/v1/users/ada/documents", { documents: tree })).toMatchObject({
      status: 200,
      body: { data: { written: 3 } },
    });
    const before = await seqs();
    await call("PUT", "/v1/users/ada/documents", { documents: tree });
    expect(await seqs()).toEqual(before);
    await call("PUT", "/v1/users/ada/documents", { documents: [{ ...tree[2], body: "# Goals\n\n- ship\n- rest" }] });
    const after = await seqs();
    expect(after.n1?.seq).not.toBe(before.n1?.seq);
    expect(after.f1).toEqual(before.f1);
  });

  it("names the node and field of a bad input, and applies nothing", async () => {
    const bad = await call("PUT", "/v1/users/ada/documents", { documents: [...tree, { kind: "Note!", id: "n2", title: "x" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.issues?.[0]?.field).toBe("body.documents.3.kind");
    const orphan = await call("PUT", "/v1/users/ada/documents", {
      documents: [...tree, { kind: "note", id: "n3", parent: { kind: "folder", id: "nope" } }],
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error?.message).toContain("documents[3].parent");
    const twice = await call("PUT", "/v1/users/ada/documents", { documents: [...tree, tree[0]] });
    expect(twice.body.error?.message).toContain("documents[3]");
    expect(await seqs()).toEqual({});
    const cycle = await call("PUT", "/v1/users/ada/documents", { documents: tree });
    expect(cycle.status).toBe(200);
    const loop = await call("PUT", "/v1/users/ada/documents", {
      documents: [{ kind: "workspace", id: "w1", parent: { kind: "note", id: "n1" }, title: "Work" }],
    });
    expect(loop.status).toBe(400);
    expect(loop.body.error?.message).toContain("own ancestor");
    expect((await f.t.db.query("SELECT parent_id FROM documents WHERE id = 'w1'")).rows).toEqual([{ parent_id: null }]);
    expect((await call("PUT", "/v1/users/nobody/documents", { documents: tree })).status).toBe(404);
  });

  it("deletes a node with everything under it, and reports unknown ones", async () => {
    await call("PUT", "/v1/users/ada/documents", { documents: tree });
    const res = await call("DELETE", "/v1/users/ada/documents", {
      documents: [
        { kind: "folder", id: "f1" },
        { kind: "note", id: "zz" },
      ],
    });
    expect(res.body.data).toEqual({ deleted: 2, unknown: [{ kind: "note", id: "zz" }] });
    const s = await seqs();
    expect([s.w1?.deleted, s.f1?.deleted, s.n1?.deleted]).toEqual([false, true, true]);
  });

  it("lets the app write the table in SQL inside its own transaction; updates bump the change counter", async () => {
    await f.t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO documents (user_id, kind, id, title) VALUES ('ada', 'workspace', 'w9', 'From SQL')");
    });
    const first = (await seqs()).w9?.seq;
    await f.t.db.query("UPDATE documents SET title = 'Renamed' WHERE id = 'w9'");
    expect((await seqs()).w9?.seq).not.toBe(first);
  });
});
