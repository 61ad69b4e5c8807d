import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import { EXAMPLE_MIRRORS } from "../../../src/sync/pull/examples.ts";
import { defaultMirror, parseMirrorSet, parseMirrorSpec, tableNameFor } from "../../../src/sync/pull/mapping.ts";
import { resolveColumns } from "../../../src/sync/pull/resolve.ts";

const spec = (over: Record<string, unknown>) => ({ source: { databaseName: "Characters" }, table: "characters", columns: [], ...over });
const fields = (input: unknown): string[] => {
  try {
    parseMirrorSpec(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map((i) => i.field);
  }
  throw new Error("expected a ValidationError");
};

describe("mirror specs", () => {
  it("parses a spec with defaults", () => {
    expect(parseMirrorSpec(spec({ columns: [{ column: "name", from: "Name" }] }))).toEqual({
      source: { databaseName: "Characters" },
      schema: "notion",
      table: "characters",
      columns: [{ column: "name", from: "Name" }],
    });
    expect(parseMirrorSet({ allDatabases: true })).toEqual({ mirrors: [], allDatabases: true, schema: "notion" });
  });

  it("names each hostile or reserved identifier", () => {
    for (const table of ["x; DROP TABLE y", "Robert'); --", 'a"b', "Characters", "prénom", "", "a".repeat(64), "pg_x", "1abc"])
      expect(fields(spec({ table })), table).toEqual(["mirror.table"]);
    expect(fields(spec({ schema: "information_schema" }))).toEqual(["mirror.schema"]);
    for (const column of ["user_id", "properties", "Name", 'x") ; --', "synced_at"])
      expect(fields(spec({ columns: [{ column, from: "Name" }] })), column).toEqual(["mirror.columns.0.column"]);
    expect(
      fields(
        spec({
          columns: [
            { column: "name", from: "A" },
            { column: "name", from: "B" },
          ],
        }),
      ),
    ).toEqual(["mirror.columns.1.column"]);
    expect(fields(spec({ columns: [{ column: "name", from: [] }] }))).toEqual(["mirror.columns.0.from"]);
    expect(fields(spec({ columns: [{ column: "name", from: "Name", as: "int; --" }] }))).toEqual(["mirror.columns.0.as"]);
    expect(fields(spec({ source: { databaseId: "a", databaseName: "b" } }))).toEqual(["mirror.source"]);
    expect(fields(spec({ colour: 1 }))).toEqual(["mirror.colour"]);
  });

  it("accepts any property name: property names never reach SQL text", () => {
    const s = parseMirrorSpec(spec({ columns: [{ column: "evil", from: "x'); DROP TABLE jobs; --\"" }] }));
    expect(resolveColumns(s, { "x'); DROP TABLE jobs; --\"": { id: "e", type: "rich_text" } })[0]).toMatchObject({
      column: "evil",
      propertyId: "e",
    });
  });

  it("resolves first-of lists, ids and overrides, naming what is wrong", () => {
    const s = parseMirrorSpec(
      spec({
        columns: [
          { column: "description", from: ["Description", "Bio", "Backstory"] },
          { column: "n", from: { id: "num" }, as: "text" },
          { column: "bad_as", from: "Count", as: "boolean" },
          { column: "missing", from: { id: "nope" } },
        ],
      }),
    );
    const schema = {
      Backstory: { id: "bk", type: "rich_text" },
      Bio: { id: "bio", type: "rich_text" },
      Count: { id: "num", type: "number" },
    };
    const err = (() => {
      try {
        resolveColumns(s, schema);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err?.issues.map((i) => i.field)).toEqual(["mirror.columns.2.as", "mirror.columns.3.from"]);
    expect(err?.message).toContain('no property with id "nope"');
    const ok = resolveColumns({ ...s, columns: s.columns.slice(0, 2) }, schema);
    expect(ok).toEqual([
      { column: "description", propertyId: "bio", propertyName: "Bio", propertyType: "rich_text", sqlType: "text" },
      { column: "n", propertyId: "num", propertyName: "Count", propertyType: "number", sqlType: "text" },
    ]);
  });

  it("keeps a renamed property only while the spec still names its old name", () => {
    const s = parseMirrorSpec(spec({ columns: [{ column: "description", from: ["Description", "Bio"] }] }));
    const known = new Map([["description", { propertyId: "bio", propertyName: "Bio", from: null }]]);
    const renamed = { Summary: { id: "bio", type: "rich_text" }, Description: { id: "d", type: "rich_text" } };
    expect(resolveColumns(s, renamed, known)[0]?.propertyId).toBe("bio");
    const changed = parseMirrorSpec(spec({ columns: [{ column: "description", from: "Description" }] }));
    expect(resolveColumns(changed, renamed, known)[0]?.propertyId).toBe("d");
  });

  it("keeps a renamed property for as long as the mapping's from is the one it was bound for", () => {
    const s = parseMirrorSpec(spec({ columns: [{ column: "description", from: "Bio" }] }));
    const renamed = { Biography: { id: "bio", type: "rich_text" } };
    // The binding's last name is the new one (the run after the rename recorded it): the from still decides.
    const known = new Map([["description", { propertyId: "bio", propertyName: "Biography", from: "Bio" }]]);
    expect(resolveColumns(s, renamed, known)[0]).toMatchObject({ propertyId: "bio", propertyName: "Biography" });
    // Renamed again, or a new property taking the old name: still the same property.
    const again = { Summary: { id: "bio", type: "rich_text" }, Bio: { id: "new", type: "rich_text" } };
    expect(resolveColumns(s, again, known)[0]?.propertyId).toBe("bio");
    // A binding made for another from does not hold: the names decide.
    const other = new Map([["description", { propertyId: "bio", propertyName: "Biography", from: "Notes" }]]);
    expect(() => resolveColumns(s, renamed, other)).toThrow('no property named "Bio"');
    expect(resolveColumns(s, again, other)[0]?.propertyId).toBe("new");
  });

  it("folds database titles into table names, and ships seed 004's examples", () => {
    expect(tableNameFor("Chat Sessions")).toBe("chat_sessions");
    expect(tableNameFor("Écrits 2024!")).toBe("ecrits_2024");
    expect(tableNameFor("42")).toBe("db_42");
    expect(tableNameFor("pg_stats")).toBe("db_pg_stats");
    expect(tableNameFor("'); DROP TABLE x; --")).toBe("drop_table_x");
    expect(tableNameFor("日本")).toBe("db");
    expect(defaultMirror("Worlds", "abc", "notion").columns).toEqual([{ column: "name", from: { id: "title" } }]);
    expect(EXAMPLE_MIRRORS.map((m) => m.table)).toEqual(["characters", "worlds", "stories", "chat_sessions"]);
  });
});
