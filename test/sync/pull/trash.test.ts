import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import { type PullParams, pullDataSource } from "../../../src/sync/pull/run.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { text } from "./fixtures.ts";
import { type NotionFixture, notionFixture } from "./sandbox-fixture.ts";

const clock = new FakeClock(Date.UTC(2026, 5, 1, 9, 0));
const sb = useSandbox({ clock });

describe("pull sync: the trashed count is the rows newly marked trashed", () => {
  let t: TestDb;
  let f: NotionFixture;
  let ds: string;
  const schema = `pull_trash_${randomBytes(4).toString("hex")}`;
  const spec = (extra: object[] = []) =>
    parseMirrorSpec({
      source: { databaseName: "People" },
      schema,
      table: "people",
      columns: [{ column: "name", from: "Name" }, { column: "age", from: "Age" }, ...extra],
    });
  const pull = (over: Partial<PullParams> = {}) => {
    clock.advance(60_000);
    return pullDataSource(
      { db: t.db, now: () => clock.now() },
      { client: f.client, userId: f.userId, dataSourceId: ds, spec: spec(), ...over },
    );
  };
  const idOf = async (name: string) =>
    (await t.db.query<{ notion_page_id: string }>(`SELECT notion_page_id FROM "${schema}".people WHERE name = $1`, [name])).rows[0]
      ?.notion_page_id as string;
  const trash = async (name: string, inTrash = true) => {
    clock.advance(60_000);
    await f.client.pages.update({ page_id: await idOf(name), in_trash: inTrash });
  };

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await notionFixture(t.db, sb.url);
    [ds] = (await f.seed([
      {
        title: "People",
        properties: { Name: { title: {} }, Age: { number: {} } },
        rows: ["Ada", "Bob", "Cy", "Di"].map((name, i) => ({ properties: { Name: { title: text(name) }, Age: { number: i } } })),
      },
    ])) as [string];
    clock.advance(60 * 60_000);
  });
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("counts a page moved to the trash once, not again when its row is rewritten", async () => {
    expect(await pull()).toMatchObject({ inserted: 4, trashed: 0 });
    await trash("Ada");
    expect(await pull()).toMatchObject({ updated: 1, trashed: 1 });
    // A new mapped column rewrites every row in a full run, Ada's (already marked) too.
    clock.advance(30 * 60_000);
    expect(await pull({ spec: spec([{ column: "label", from: "Name", as: "jsonb" }]) })).toMatchObject({
      full: true,
      updated: 4,
      trashed: 0,
    });
  });

  it("counts a page trashed again after it was restored, and rows written already in the trash", async () => {
    const s = spec([{ column: "label", from: "Name", as: "jsonb" }]);
    await trash("Ada", false);
    expect(await pull({ spec: s })).toMatchObject({ updated: 1, trashed: 0 });
    await trash("Ada");
    await trash("Bob");
    expect(await pull({ spec: s })).toMatchObject({ updated: 2, trashed: 2 });
    // A table written from scratch: the rows it writes with in_trash = true are newly marked.
    await t.db.query(`DELETE FROM "${schema}".people`);
    expect(await pull({ spec: s, full: true })).toMatchObject({ inserted: 4, trashed: 2 });
  });

  it("with policy delete, counts the rows it removes that were not marked trashed already", async () => {
    const s = spec([{ column: "label", from: "Name", as: "jsonb" }]);
    clock.advance(30 * 60_000);
    expect(await pull({ spec: s })).toMatchObject({ updated: 0, trashed: 0 });
    await trash("Cy");
    expect(await pull({ spec: s, trashedPolicy: "delete" })).toMatchObject({ trashed: 1, removed: 1 });
    // Ada and Bob were marked before: removing them now is not news; Cy's row is gone already.
    expect(await pull({ spec: s, trashedPolicy: "delete", full: true })).toMatchObject({ trashed: 0, removed: 2 });
    expect(await pull({ spec: s, trashedPolicy: "delete", full: true })).toMatchObject({ trashed: 0, removed: 0 });
  });
});
