import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import { pullDataSource } from "../../../src/sync/pull/run.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { text } from "./fixtures.ts";
import { callsDuring, type NotionFixture, notionFixture, type SeedDatabase } from "./sandbox-fixture.ts";

const clock = new FakeClock(Date.UTC(2026, 4, 1, 9, 0));
const sb = useSandbox({ clock });

const characters = (rows: number): SeedDatabase => ({
  title: "Characters",
  properties: { Name: { title: {} }, Bio: { rich_text: {} }, Tags: { multi_select: {} }, Age: { number: {} } },
  rows: Array.from({ length: rows }, (_, i) => ({
    properties: {
      Name: { title: text(`Hero ${i}`) },
      Bio: { rich_text: text(`Bio ${i}`) },
      Tags: { multi_select: [{ name: i % 2 ? "odd" : "even" }] },
      Age: { number: i },
    },
  })),
});

describe("pull sync: properties renamed and added in Notion", () => {
  let t: TestDb;
  const schema = `pull_schema_${randomBytes(4).toString("hex")}`;
  const spec = parseMirrorSpec({
    source: { databaseName: "Characters" },
    schema,
    table: "characters",
    columns: [
      { column: "name", from: "Name" },
      { column: "description", from: "Bio" },
      { column: "labels", from: ["Labels", "Tags"] },
      { column: "age", from: "Age" },
    ],
  });
  const pull = (f: NotionFixture, dataSourceId: string) =>
    callsDuring(sb.url, f.token, () =>
      pullDataSource({ db: t.db, now: () => clock.now() }, { client: f.client, userId: f.userId, dataSourceId, spec }),
    );
  const rename = (f: NotionFixture, dataSourceId: string, properties: Record<string, { name: string }>) =>
    f.client.dataSources.update({ data_source_id: dataSourceId, properties });
  const rowOf = async (f: NotionFixture, name: string) =>
    (await t.db.query<Record<string, unknown>>(`SELECT * FROM "${schema}".characters WHERE user_id = $1 AND name = $2`, [f.userId, name]))
      .rows[0];

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
  });
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("keeps a renamed property's column bound to it at every later run", async () => {
    const f = await notionFixture(t.db, sb.url);
    const [ds] = (await f.seed([characters(3)])) as [string];
    clock.advance(60 * 60_000);
    expect((await pull(f, ds)).result).toMatchObject({ inserted: 3, full: true });

    clock.advance(60 * 60_000);
    await rename(f, ds, { Bio: { name: "Biography" }, Tags: { name: "Topics" } });
    for (let run = 1; run <= 4; run++) {
      clock.advance(10 * 60_000);
      const page = (await rowOf(f, "Hero 1"))?.notion_page_id as string;
      await f.client.pages.update({ page_id: page, properties: { Biography: { rich_text: text(`Rewritten ${run}`) } } });
      clock.advance(60_000);
      const { result } = await pull(f, ds);
      // The first run after the rename reads every row (a schema change); the mapping itself did not change.
      expect(result, `run ${run} after the rename`).toMatchObject(
        run === 1 ? { full: true, updated: 3, failed: 0 } : { full: false, updated: 1, failed: 0 },
      );
      expect(await rowOf(f, "Hero 1")).toMatchObject({ description: `Rewritten ${run}`, labels: ["odd"] });
    }
    // Each column is still bound to its property's id, under the property's new name.
    const { rows } = await t.db.query<{ column_name: string; property_id: string; property_name: string }>(
      "SELECT column_name, property_id, property_name FROM pull_bindings WHERE schema_name = $1 AND data_source_id = $2 ORDER BY column_name",
      [schema, ds],
    );
    expect(rows.find((r) => r.column_name === "description")?.property_name).toBe("Biography");
    expect(rows.find((r) => r.column_name === "labels")?.property_name).toBe("Topics");
  });

  it("keeps each user's renamed property bound when several users' databases share the table", async () => {
    const a = await notionFixture(t.db, sb.url);
    const b = await notionFixture(t.db, sb.url);
    const [dsA] = (await a.seed([characters(2)])) as [string];
    const [dsB] = (await b.seed([characters(2)])) as [string];
    clock.advance(60 * 60_000);
    expect((await pull(a, dsA)).result).toMatchObject({ inserted: 2 });
    expect((await pull(b, dsB)).result).toMatchObject({ inserted: 2 });
    await rename(a, dsA, { Bio: { name: "Biography" } });
    await rename(b, dsB, { Tags: { name: "Topics" } });
    for (let run = 1; run <= 3; run++) {
      clock.advance(10 * 60_000);
      expect((await pull(a, dsA)).result, `user a, run ${run}`).toMatchObject({ failed: 0 });
      expect((await pull(b, dsB)).result, `user b, run ${run}`).toMatchObject({ failed: 0 });
    }
    expect(await rowOf(a, "Hero 0")).toMatchObject({ description: "Bio 0", labels: ["even"] });
    expect(await rowOf(b, "Hero 1")).toMatchObject({ description: "Bio 1", labels: ["odd"] });
  });

  it("binds a column again when its mapping changes, and reports a name that exists nowhere", async () => {
    const f = await notionFixture(t.db, sb.url);
    const [ds] = (await f.seed([characters(1)])) as [string];
    clock.advance(60 * 60_000);
    await pull(f, ds);
    await rename(f, ds, { Bio: { name: "Biography" } });
    clock.advance(10 * 60_000);
    await pull(f, ds);
    // Naming the new name is the same property: nothing to rebind, no full run.
    const renamedSpec = { ...spec, columns: spec.columns.map((c) => (c.column === "description" ? { ...c, from: "Biography" } : c)) };
    const same = await pullDataSource(
      { db: t.db, now: () => clock.now() },
      { client: f.client, userId: f.userId, dataSourceId: ds, spec: renamedSpec },
    );
    expect(same).toMatchObject({ full: false, failed: 0 });
    // The old name again, now that no property has it: the mapping changed, and it fits nothing.
    const err = await pullDataSource(
      { db: t.db, now: () => clock.now() },
      { client: f.client, userId: f.userId, dataSourceId: ds, spec },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toContain('column "description": no property named "Bio"');
  });
});

describe("pull sync: a schema change brings every row's properties up to date", () => {
  let t: TestDb;
  let f: NotionFixture;
  let ds: string;
  const ROWS = 150;
  const QUERY = "POST /v1/data_sources/:id/query";
  const schema = `pull_schema_${randomBytes(4).toString("hex")}`;
  const spec = parseMirrorSpec({
    source: { databaseName: "Characters" },
    schema,
    table: "characters",
    columns: [
      { column: "name", from: "Name" },
      { column: "description", from: "Bio" },
    ],
  });
  const pull = () => {
    clock.advance(60_000);
    return callsDuring(sb.url, f.token, () =>
      pullDataSource({ db: t.db, now: () => clock.now() }, { client: f.client, userId: f.userId, dataSourceId: ds, spec }),
    );
  };
  /** How many rows' properties have each key. */
  const keys = async () =>
    Object.fromEntries(
      (
        await t.db.query<{ key: string; n: number }>(
          `SELECT k AS key, count(*)::int AS n FROM "${schema}".characters, jsonb_object_keys(properties) k WHERE user_id = $1 GROUP BY k ORDER BY k`,
          [f.userId],
        )
      ).rows.map((r) => [r.key, r.n]),
    );

  beforeAll(async () => {
    t = await testDb();
    f = await notionFixture(t.db, sb.url);
    [ds] = (await f.seed([characters(ROWS)])) as [string];
    clock.advance(60 * 60_000);
    expect((await pull()).result).toMatchObject({ inserted: ROWS, full: true });
    // Long after: the watermark is past every row, an unchanged run reads nothing.
    clock.advance(60 * 60_000);
    expect((await pull()).calls).toEqual({ "GET /v1/data_sources/:id": 1, [QUERY]: 1 });
    clock.advance(60 * 60_000);
  });
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("a property renamed in Notion: every row is read again and gets the new name, then runs are incremental again", async () => {
    await f.client.dataSources.update({ data_source_id: ds, properties: { Bio: { name: "Biography" } } });
    const { result, calls } = await pull();
    expect(result).toMatchObject({ full: true, updated: ROWS, failed: 0, deleted: 0 });
    expect(result.reason).toBe('property "Bio" renamed to "Biography"');
    expect(calls[QUERY]).toBe(2);
    expect(await keys()).toEqual({ Age: ROWS, Biography: ROWS, Name: ROWS, Tags: ROWS });
    // The column stays bound and full of the same values.
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM "${schema}".characters WHERE description LIKE 'Bio %'`);
    expect(rows[0]).toEqual({ n: ROWS });
    clock.advance(60 * 60_000);
    const again = await pull();
    expect(again.result).toMatchObject({ full: false, reason: null, updated: 0 });
    expect(again.calls[QUERY]).toBe(1);
  });

  it("a property added in Notion: every row is read again and gets its key", async () => {
    await f.client.dataSources.update({ data_source_id: ds, properties: { Rank: { number: {} } } });
    const { result } = await pull();
    expect(result).toMatchObject({ full: true, updated: ROWS, reason: 'property "Rank" added' });
    expect(await keys()).toMatchObject({ Rank: ROWS, Biography: ROWS });
  });

  it("a property's type changed, or one removed: every row is read again", async () => {
    await f.client.dataSources.update({ data_source_id: ds, properties: { Rank: { rich_text: {} } } });
    expect((await pull()).result).toMatchObject({ full: true, reason: 'property "Rank" changed from number to rich_text' });
    await f.client.dataSources.update({ data_source_id: ds, properties: { Rank: null } });
    expect((await pull()).result).toMatchObject({ full: true, updated: ROWS, reason: 'property "Rank" removed' });
    expect(Object.keys(await keys())).toEqual(["Age", "Biography", "Name", "Tags"]);
  });

  it("a new select option (a page given a new tag) is no schema change: the run stays incremental", async () => {
    clock.advance(60 * 60_000);
    const { rows } = await t.db.query<{ notion_page_id: string }>(
      `SELECT notion_page_id FROM "${schema}".characters WHERE name = 'Hero 3'`,
    );
    await f.client.pages.update({
      page_id: rows[0]?.notion_page_id as string,
      properties: { Tags: { multi_select: [{ name: "brand new" }] } },
    });
    const { result, calls } = await pull();
    expect(result).toMatchObject({ full: false, updated: 1 });
    expect(calls[QUERY]).toBe(1);
  });
});
