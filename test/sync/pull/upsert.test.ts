import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedColumn } from "../../../src/sync/pull/resolve.ts";
import { upsertRows, upsertSql } from "../../../src/sync/pull/sql/mirror-rows.ts";
import { ensureTable } from "../../../src/sync/pull/tables.ts";
import { contractDrivers, type TestDb, testDb } from "../../helpers/db.ts";

const COLUMNS: ResolvedColumn[] = [{ column: "name", propertyId: "title", propertyName: "Name", propertyType: "title", sqlType: "text" }];

const row = (page: string, hash: string, inTrash: boolean) => ({
  user_id: "u1",
  notion_page_id: page,
  created_time: "2024-01-01T00:00:00Z",
  last_edited_time: "2024-01-01T00:00:00Z",
  in_trash: inTrash,
  properties: {},
  content_hash: hash,
  name: page,
});

describe.each(contractDrivers)("one upsert statement per batch on %s", (driver) => {
  let t: TestDb;
  let sql: string;
  beforeAll(async () => {
    t = await testDb(driver);
    await ensureTable(t.db, "mirror_upsert", "people", COLUMNS);
    sql = upsertSql("mirror_upsert", "people", COLUMNS);
  });
  afterAll(async () => {
    await t.db.query("DROP SCHEMA IF EXISTS mirror_upsert CASCADE");
    await t?.drop();
  });

  it("counts rows newly marked trashed, not rows already marked that are written again", async () => {
    const counts = (rows: ReturnType<typeof row>[]) => upsertRows(t.db, sql, rows);
    // New rows, one of them already in the trash: that one is newly marked.
    expect(await counts([row("a", "1", false), row("b", "1", true)])).toEqual({ inserted: 2, updated: 0, unchanged: 0, trashed: 1 });
    // a goes to the trash; b, marked already, is written again (its content changed).
    expect(await counts([row("a", "2", true), row("b", "2", true)])).toEqual({ inserted: 0, updated: 2, unchanged: 0, trashed: 1 });
    // Nothing changed: nothing written, nothing counted.
    expect(await counts([row("a", "2", true), row("b", "2", true)])).toEqual({ inserted: 0, updated: 0, unchanged: 2, trashed: 0 });
    // Restored, then trashed again: counted again.
    expect(await counts([row("a", "3", false)])).toEqual({ inserted: 0, updated: 1, unchanged: 0, trashed: 0 });
    expect(await counts([row("a", "4", true), row("c", "1", false)])).toEqual({ inserted: 1, updated: 1, unchanged: 0, trashed: 1 });
    const { rows } = await t.db.query("SELECT notion_page_id, in_trash, content_hash FROM mirror_upsert.people ORDER BY 1");
    expect(rows).toEqual([
      { notion_page_id: "a", in_trash: true, content_hash: "4" },
      { notion_page_id: "b", in_trash: true, content_hash: "2" },
      { notion_page_id: "c", in_trash: false, content_hash: "1" },
    ]);
  });
});
