import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import { pullDataSource } from "../../../src/sync/pull/run.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { type PushFixture, pushFixture } from "../../helpers/push.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 0));
const sb = useSandbox({ clock });
const text = (content: string) => [{ type: "text" as const, text: { content } }];
const ROWS = 250;
const KINDS = ["hero", "villain", "extra"];

const SCHEMA = {
  Name: { title: {} },
  Bio: { rich_text: {} },
  Age: { number: {} },
  Alive: { checkbox: {} },
  Born: { date: {} },
  Kind: { select: { options: KINDS.map((name) => ({ name })) } },
  Tags: { multi_select: { options: [{ name: "brave" }, { name: "odd" }] } },
};

const row = (i: number) => ({
  properties: {
    Name: { title: text(`Character ${i}`) },
    Bio: { rich_text: text(`Bio of ${i}`) },
    Age: { number: i },
    Alive: { checkbox: i % 2 === 0 },
    Born: { date: { start: `2000-01-${String((i % 28) + 1).padStart(2, "0")}` } },
    Kind: { select: { name: KINDS[i % 3] } },
    Tags: { multi_select: i % 5 === 0 ? [{ name: "brave" }, { name: "odd" }] : [] },
  },
});

const COLUMNS = [
  { column: "name", from: "Name" },
  { column: "description", from: ["Description", "Bio"] },
  { column: "age", from: "Age" },
  { column: "alive", from: "Alive" },
  { column: "born", from: "Born" },
  { column: "kind", from: "Kind" },
  { column: "tags", from: "Tags" },
];

describe("pull sync: one data source into its mirror table", () => {
  let t: TestDb;
  let f: PushFixture;
  let dataSourceId: string;
  const schema = `pull_run_${randomBytes(4).toString("hex")}`;
  const spec = (extra: object[] = []) =>
    parseMirrorSpec({ source: { databaseName: "Characters" }, schema, table: "characters", columns: [...COLUMNS, ...extra] });

  const queryCalls = async () => {
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?limit=10000`)).json()) as { by_endpoint: Record<string, number> };
    return log.by_endpoint["POST /v1/data_sources/:id/query"] ?? 0;
  };
  /** Runs a pull and counts the query calls it made, from the sandbox's request log. */
  const pull = async (s = spec()) => {
    const before = await queryCalls();
    const result = await pullDataSource(
      { db: t.db, now: () => clock.now() },
      { client: f.client, userId: f.userId, dataSourceId, spec: s },
    );
    return { result, calls: (await queryCalls()) - before };
  };
  const table = async () => (await t.db.query<Record<string, unknown>>(`SELECT * FROM "${schema}".characters ORDER BY age`)).rows;

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await pushFixture(t, sb.url);
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({
        workspace_id: f.workspaceId,
        databases: [{ title: "Characters", properties: SCHEMA, rows: Array.from({ length: ROWS }, (_, i) => row(i)) }],
      }),
    });
    expect(res.status).toBe(201);
    const seeded = (await res.json()) as { databases: Array<{ data_source_id: string }> };
    dataSourceId = seeded.databases[0]?.data_source_id as string;
    clock.advance(60 * 60_000);
  }, 60_000);
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("a first run creates the table and writes every row, one statement per page of 100", async () => {
    const { result, calls } = await pull();
    expect(calls).toBe(3);
    expect(result).toMatchObject({ inserted: ROWS, updated: 0, unchanged: 0, failed: 0, pages: 3, full: true });
    const rows = await table();
    expect(rows).toHaveLength(ROWS);
    const r7 = rows[7] as Record<string, unknown>;
    expect(r7).toMatchObject({
      user_id: f.userId,
      name: "Character 7",
      description: "Bio of 7",
      age: 7,
      alive: false,
      kind: "villain",
      tags: [],
      in_trash: false,
    });
    expect((r7.born as Date).toISOString()).toBe("2000-01-08T00:00:00.000Z");
    expect(rows[10]).toMatchObject({ tags: ["brave", "odd"], alive: true, kind: "villain" });
    // The JSONB keeps every property as Notion gives it.
    const page = (await f.client.pages.retrieve({ page_id: r7.notion_page_id as string })) as unknown as {
      properties: Record<string, unknown>;
      last_edited_time: string;
    };
    expect(r7.properties).toEqual(page.properties);
    expect((r7.last_edited_time as Date).toISOString()).toBe(page.last_edited_time);
    expect(r7.content_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a second run with no change reads one empty page and writes nothing", async () => {
    const before = await t.db.query<{ max: Date }>(`SELECT max(synced_at) AS max FROM "${schema}".characters`);
    const { result, calls } = await pull();
    expect(calls).toBe(1);
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, failed: 0, pages: 1, full: false });
    const after = await t.db.query<{ max: Date }>(`SELECT max(synced_at) AS max FROM "${schema}".characters`);
    expect(after.rows[0]?.max).toEqual(before.rows[0]?.max);
  });

  it("a page edited through the API is the one row the next run updates", async () => {
    clock.advance(60_000);
    const id = (await table())[42]?.notion_page_id as string;
    await f.client.pages.update({ page_id: id, properties: { Age: { number: 4200 }, Bio: { rich_text: text("Changed") } } });
    const { result, calls } = await pull();
    expect(calls).toBe(1);
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, failed: 0, pages: 1 });
    const changed = await t.db.query(`SELECT age, description FROM "${schema}".characters WHERE notion_page_id = $1`, [id]);
    expect(changed.rows).toEqual([{ age: 4200, description: "Changed" }]);
    // Again: the overlap re-reads it, the hash keeps it unwritten.
    const again = await pull();
    expect(again.result).toMatchObject({ updated: 0, unchanged: 1, pages: 1 });
  });

  it("a property added to the data source and mapped becomes a filled column", async () => {
    clock.advance(60_000);
    await f.client.dataSources.update({ data_source_id: dataSourceId, properties: { Rank: { number: {} } } });
    const id = (await table())[3]?.notion_page_id as string;
    await f.client.pages.update({ page_id: id, properties: { Rank: { number: 1 } } });
    const { result, calls } = await pull(spec([{ column: "rank", from: "Rank" }]));
    expect(result.added).toEqual(["rank"]);
    // A new mapping is a full run: every row gets the new column (null where the page has no value).
    expect(calls).toBe(3);
    expect(result).toMatchObject({ inserted: 0, updated: ROWS, failed: 0, full: true });
    const ranked = await t.db.query(`SELECT notion_page_id, rank FROM "${schema}".characters WHERE rank IS NOT NULL`);
    expect(ranked.rows).toEqual([{ notion_page_id: id, rank: 1 }]);
  });

  it("a page the database refuses fails alone; the next run reads it again", async () => {
    clock.advance(60_000);
    const rows = await table();
    const good = rows[5]?.notion_page_id as string;
    await f.client.pages.update({ page_id: good, properties: { Age: { number: 5000 } } });
    // PostgreSQL has no year 0 (Notion's dates do): the batch fails, then row by row only this page does.
    const bad = await f.client.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: { Name: { title: text("Year zero") }, Born: { date: { start: "0000-01-01" } }, Age: { number: 9999 } },
    });
    const s = spec([{ column: "rank", from: "Rank" }]);
    // Long after the edits: but for the failure, the watermark would move past them.
    clock.advance(30 * 60_000);
    const { result } = await pull(s);
    expect(result).toMatchObject({ inserted: 0, updated: 1, failed: 1, full: false });
    expect(result.errors.map((e) => e.pageId)).toEqual([bad.id]);
    const state = await t.db.query<{ watermark: Date; last_run: { failed: number } }>(
      "SELECT watermark, last_run FROM pull_state WHERE user_id = $1",
      [f.userId],
    );
    expect(state.rows[0]?.last_run.failed).toBe(1);
    expect(state.rows[0]?.watermark.toISOString()).toBe((bad as unknown as { last_edited_time: string }).last_edited_time);
    const again = await pull(s);
    expect(again.result).toMatchObject({ updated: 0, failed: 1 });
    expect((await table()).length).toBe(ROWS);
  });

  it("a NUL in a page's text is written as U+FFFD, in its column and in properties", async () => {
    const page = await f.client.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: { Name: { title: text("Nul") }, Bio: { rich_text: text("a\u0000b\\u0000c") }, Age: { number: 7777 } },
    });
    clock.advance(30 * 60_000);
    const { result } = await pull(spec([{ column: "rank", from: "Rank" }]));
    // The year-zero page of the test before still fails; this one does not.
    expect(result).toMatchObject({ inserted: 1, failed: 1 });
    expect(result.errors.map((e) => e.pageId)).not.toContain(page.id);
    const { rows } = await t.db.query<{ description: string; bio: string }>(
      `SELECT description, properties -> 'Bio' -> 'rich_text' -> 0 ->> 'plain_text' AS bio FROM "${schema}".characters WHERE notion_page_id = $1`,
      [page.id],
    );
    // The escaped backslash before the second "u0000" is text, not a NUL: it stays as it was.
    expect(rows[0]).toEqual({ description: "a\uFFFDb\\u0000c", bio: "a\uFFFDb\\u0000c" });
  });
});
