import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../../src/clock.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import { type PullParams, pullDataSource } from "../../../src/sync/pull/run.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { type PushFixture, pushFixture } from "../../helpers/push.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

/** A fake clock that, while `ticking`, moves a second on each reading (so seeded rows get distinct creation minutes). */
const clock = {
  ms: Date.UTC(2026, 2, 1, 9, 0),
  ticking: false,
  now() {
    if (this.ticking) this.ms += 1000;
    return new Date(this.ms);
  },
  advance(ms: number) {
    this.ms += ms;
  },
};
const sb = useSandbox({ clock: clock satisfies Clock });
const text = (content: string) => [{ type: "text" as const, text: { content } }];
const ROWS = 30;
const BIG = 10_050;
const SCHEMA = { Name: { title: {} }, Age: { number: {} }, Born: { date: {} } };
const row = (i: number) => ({ properties: { Name: { title: text(`Row ${i}`) }, Age: { number: i } } });

describe("pull sync: trashed and deleted pages, and the 10,000-row query cap", () => {
  let t: TestDb;
  let f: PushFixture;
  const ds: Record<string, string> = {};
  const schema = `pull_del_${randomBytes(4).toString("hex")}`;
  const spec = (table: string) =>
    parseMirrorSpec({
      source: { databaseName: table },
      schema,
      table,
      columns: [
        { column: "name", from: "Name" },
        { column: "age", from: "Age" },
        { column: "born", from: "Born" },
      ],
    });

  const queryCalls = async () => {
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?limit=10000`)).json()) as { by_endpoint: Record<string, number> };
    return log.by_endpoint["POST /v1/data_sources/:id/query"] ?? 0;
  };
  const pull = async (table: string, extra: Partial<PullParams> = {}) => {
    const before = await queryCalls();
    const result = await pullDataSource(
      { db: t.db, now: () => clock.now() },
      { client: f.client, userId: f.userId, dataSourceId: ds[table] as string, spec: spec(table), ...extra },
    );
    return { result, calls: (await queryCalls()) - before };
  };
  const rows = async (table = "people") =>
    (await t.db.query<{ notion_page_id: string; age: number; in_trash: boolean }>(`SELECT * FROM "${schema}".${table} ORDER BY age`)).rows;
  const seed = async (databases: object[]) => {
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({ workspace_id: f.workspaceId, databases }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { databases: Array<{ data_source_id: string }> }).databases.map((d) => d.data_source_id);
  };

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await pushFixture(t, sb.url);
    const [people, archive] = await seed([
      { title: "people", properties: SCHEMA, rows: Array.from({ length: ROWS }, (_, i) => row(i)) },
      { title: "archive", properties: SCHEMA, rows: [] },
    ]);
    ds.people = people as string;
    ds.archive = archive as string;
    clock.advance(60 * 60_000);
  }, 60_000);
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("a page moved to the trash is marked by the next incremental run; policy delete removes it", async () => {
    expect((await pull("people")).result).toMatchObject({ inserted: ROWS, full: true, deleted: 0 });
    clock.advance(60_000);
    const id = (await rows())[4]?.notion_page_id as string;
    await f.client.pages.update({ page_id: id, in_trash: true });
    const { result } = await pull("people");
    expect(result).toMatchObject({ full: false, updated: 1, removed: 0, deleted: 0, failed: 0 });
    expect((await rows()).filter((r) => r.in_trash).map((r) => r.notion_page_id)).toEqual([id]);

    const del = await pull("people", { trashedPolicy: "delete" });
    expect(del.result).toMatchObject({ full: false, removed: 1, deleted: 0 });
    expect((await rows()).map((r) => r.notion_page_id)).not.toContain(id);
    expect(await rows()).toHaveLength(ROWS - 1);
  });

  it("a page gone from the data source is deleted only by a full run without failures", async () => {
    clock.advance(60_000);
    const gone = (await rows())[7]?.notion_page_id as string;
    await f.client.pages.move({ page_id: gone, parent: { type: "data_source_id", data_source_id: ds.archive as string } });
    const has = async () => (await rows()).some((r) => r.notion_page_id === gone);

    expect((await pull("people", { trashedPolicy: "delete" })).result).toMatchObject({ full: false, deleted: 0 });
    expect(await has()).toBe(true);

    // A page the database refuses (a date in year 0, which PostgreSQL lacks): the full run is not complete, nothing is deleted.
    const bad = await f.client.pages.create({
      parent: { data_source_id: ds.people as string },
      properties: { Name: { title: text("Year zero") }, Age: { number: 999 }, Born: { date: { start: "0000-01-01" } } },
    });
    const failing = await pull("people", { full: true, trashedPolicy: "delete" });
    expect(failing.result).toMatchObject({ full: true, failed: 1, deleted: 0 });
    expect(await has()).toBe(true);

    await f.client.pages.move({ page_id: bad.id, parent: { type: "data_source_id", data_source_id: ds.archive as string } });
    const clean = await pull("people", { full: true, trashedPolicy: "delete" });
    expect(clean.result).toMatchObject({ full: true, failed: 0, deleted: 1 });
    expect(await has()).toBe(false);
    expect(await rows()).toHaveLength(ROWS - 2);
  });

  it("a data source past the 10,000-row cap of one query is read in creation-time windows", async () => {
    clock.ticking = true;
    const [big] = await seed([{ title: "big", properties: SCHEMA, rows: Array.from({ length: BIG }, (_, i) => row(i)) }]);
    clock.ticking = false;
    ds.big = big as string;
    clock.advance(60 * 60_000);
    const { result, calls } = await pull("big");
    // 100 pages up to the cap, then a window from the last creation minute read (its first rows read again):
    // all 10,050 rows, which no single query returns.
    expect(result).toMatchObject({ inserted: BIG, failed: 0, full: true, deleted: 0 });
    expect(result.pages).toBe(calls);
    expect(calls).toBeGreaterThanOrEqual(101);
    expect(calls).toBeLessThan(104);
    const count = await t.db.query<{ n: number; ages: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT age)::int AS ages FROM "${schema}".big`,
    );
    expect(count.rows[0]).toEqual({ n: BIG, ages: BIG });
  }, 60_000);
});
