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
      expect(result, `run ${run} after the rename`).toMatchObject({ updated: 1, failed: 0 });
      expect(await rowOf(f, "Hero 1")).toMatchObject({ description: `Rewritten ${run}`, labels: ["odd"] });
    }
    // The mapping did not change (same property ids), so no run after the rename was a full one for it.
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
