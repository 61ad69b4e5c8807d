import { describe, expect, it } from "vitest";
import { mirrorRows, sourceKeyOf, targetFrom } from "../../../src/sync/pull/mirror-set.ts";
import { pullDedupeKey } from "../../../src/sync/pull/request.ts";

const defaults = { schema: "notion", intervalMinutes: 15 };
const issues = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { issues: Array<{ field: string; message: string }> }).issues;
  }
  throw new Error("expected a ValidationError");
};

describe("pull mirror sets (the API's form)", () => {
  it("stores one row per database with its spec and interval, plus the all row", () => {
    const rows = mirrorRows(
      {
        mirrors: [
          { database_id: "ABCD-1234", table: "chars", columns: [{ column: "name", from: ["Name", "Title"] }], interval_minutes: 5 },
          { database_name: " Worlds ", schema: "story", table: "worlds", enabled: false },
        ],
        all_databases: { interval_minutes: 60 },
      },
      defaults,
    );
    expect(rows.map((r) => [r.sourceKey, r.intervalSeconds, r.enabled])).toEqual([
      ["id:abcd1234", 300, true],
      ["name:worlds", 900, false],
      ["all", 3600, true],
    ]);
    expect(rows[0]?.target).toEqual({
      kind: "database",
      spec: {
        source: { databaseId: "ABCD-1234" },
        schema: "notion",
        table: "chars",
        columns: [{ column: "name", from: ["Name", "Title"] }],
      },
    });
    expect(rows[2]?.target).toEqual({ kind: "all", schema: "notion" });
    expect(mirrorRows({}, defaults)).toEqual([]);
  });

  it("names each bad field: both or neither source, the same database or table twice, hostile names", () => {
    expect(issues(() => mirrorRows({ mirrors: [{ table: "x" }] }, defaults))).toEqual([
      { field: "body.mirrors.0", message: "give exactly one of database_id and database_name" },
    ]);
    expect(issues(() => mirrorRows({ mirrors: [{ table: "x", database_id: "a", database_name: "b" }] }, defaults))[0]?.field).toBe(
      "body.mirrors.0",
    );
    const twice = issues(() =>
      mirrorRows(
        {
          mirrors: [
            { database_name: "A", table: "a" },
            { database_name: "a", table: "b" },
          ],
        },
        defaults,
      ),
    );
    expect(twice).toEqual([{ field: "body.mirrors.1", message: "the same database as body.mirrors.0" }]);
    const sameTable = issues(() =>
      mirrorRows(
        {
          mirrors: [
            { database_name: "A", table: "t" },
            { database_name: "B", table: "t" },
          ],
        },
        defaults,
      ),
    );
    expect(sameTable[0]).toMatchObject({ field: "body.mirrors.1.table" });
    const hostile = issues(() =>
      mirrorRows({ mirrors: [{ database_name: "A", table: "t; drop", schema: "pg_temp" }], all_databases: { schema: "X" } }, defaults),
    );
    expect(hostile.map((i) => i.field).sort()).toEqual(["body.all_databases.schema", "body.mirrors.0.schema", "body.mirrors.0.table"]);
    expect(issues(() => mirrorRows({ mirrors: [], extra: 1 }, defaults))[0]?.field).toBe("body");
  });

  it("reads a stored spec back, refusing one edited into something unsafe", () => {
    expect(targetFrom("all", { all: true, schema: "notion" })).toEqual({ kind: "all", schema: "notion" });
    expect(() => targetFrom("all", { schema: 'x"y' })).toThrow(/pull_mirrors\.spec\.schema/);
    expect(() => targetFrom("name:a", { source: { databaseName: "a" }, table: "a;b" })).toThrow(/pull_mirrors\.spec\.table/);
  });

  it("keys a database the same whatever the id's dashes or the name's case", () => {
    expect(sourceKeyOf({ source: { databaseId: "AB-cd" }, schema: "s", table: "t", columns: [] })).toBe("id:abcd");
    expect(pullDedupeKey("u", { databaseName: " Chars " })).toBe("notion.pull:u:name:chars");
    expect(pullDedupeKey("u", { databaseId: "AB-cd", full: true })).toBe("notion.pull:u:id:abcd:full");
    expect(pullDedupeKey("u", { mirrorId: "7" })).toBe("notion.pull:u:mirror:7");
    expect(pullDedupeKey("u", {})).toBe("notion.pull:u:all");
  });
});
