import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FerryError, ValidationError } from "../../../src/errors.ts";
import { ensureMirror } from "../../../src/sync/pull/ensure.ts";
import { EXAMPLE_MIRRORS } from "../../../src/sync/pull/examples.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import type { DataSourceSchema } from "../../../src/sync/pull/resolve.ts";
import { ensureTable } from "../../../src/sync/pull/tables.ts";
import { contractDrivers, type TestDb, testDb } from "../../helpers/db.ts";

const CHARACTERS: DataSourceSchema = {
  Name: { id: "title", type: "title" },
  Bio: { id: "b%3Fio", type: "rich_text" },
  Age: { id: "age1", type: "number" },
  Alive: { id: "alv1", type: "checkbox" },
  Born: { id: "brn1", type: "date" },
  Tags: { id: "tgs1", type: "multi_select" },
  Friends: { id: "frn1", type: "relation" },
  Kind: { id: "knd1", type: "select" },
  Avatar: { id: "avt1", type: "files" },
};

const charactersSpec = (extra: object[] = [], schema = "mirror_a") =>
  parseMirrorSpec({
    source: { databaseName: "Characters" },
    schema,
    table: "characters",
    columns: [
      { column: "name", from: "Name" },
      { column: "description", from: ["Description", "Bio", "Backstory"] },
      { column: "age", from: "Age" },
      { column: "alive", from: "Alive" },
      { column: "born", from: "Born" },
      { column: "tags", from: "Tags" },
      { column: "friends", from: { id: "frn1" } },
      { column: "kind", from: "Kind" },
      { column: "avatar", from: "Avatar" },
      ...extra,
    ],
  });

describe.each(contractDrivers)("mirror tables on %s", (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(driver);
  });
  afterAll(async () => {
    await t.db.query("DROP SCHEMA IF EXISTS mirror_a CASCADE");
    await t.db.query("DROP SCHEMA IF EXISTS mirror_b CASCADE");
    await t.db.query("DROP SCHEMA IF EXISTS mirror_c CASCADE");
    await t.db.query("DROP SCHEMA IF EXISTS notion CASCADE");
    await t?.drop();
  });

  const columnTypes = async (schema: string, table: string) =>
    Object.fromEntries(
      (
        await t.db.query<{ column_name: string; data_type: string }>(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
          [schema, table],
        )
      ).rows.map((r) => [r.column_name, r.data_type]),
    );
  const tables = async () =>
    (
      await t.db.query<{ name: string }>(
        "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
      )
    ).rows.map((r) => r.name);
  const pullRows = async () => (await t.db.query("SELECT * FROM pull_columns ORDER BY schema_name, table_name, column_name")).rows;

  it("creates the table with system and mapped columns of the right types, and its indexes", async () => {
    const result = await ensureMirror(t.db, charactersSpec(), CHARACTERS, "ds_a");
    expect(result.created).toBe(true);
    expect(await columnTypes("mirror_a", "characters")).toEqual({
      user_id: "text",
      notion_page_id: "text",
      created_time: "timestamp with time zone",
      last_edited_time: "timestamp with time zone",
      in_trash: "boolean",
      properties: "jsonb",
      content_hash: "text",
      synced_at: "timestamp with time zone",
      name: "text",
      description: "text",
      age: "double precision",
      alive: "boolean",
      born: "timestamp with time zone",
      tags: "ARRAY",
      friends: "ARRAY",
      kind: "text",
      avatar: "jsonb",
    });
    const { rows: idx } = await t.db.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'mirror_a' AND tablename = 'characters'",
    );
    const defs = idx.map((r) => r.indexdef).join("\n");
    expect(defs).toMatch(/UNIQUE INDEX .* \(user_id, notion_page_id\)/);
    expect(defs).toMatch(/INDEX .* \(notion_page_id\)/);
    expect(defs).toMatch(/INDEX .* \(user_id, name\)/);
    const description = (await pullRows()).find((r) => r.column_name === "description");
    expect(description).toMatchObject({ property_id: "b%3Fio", property_name: "Bio", sql_type: "text" });
    // Idempotent: a second run changes nothing.
    expect(await ensureMirror(t.db, charactersSpec(), CHARACTERS, "ds_a")).toMatchObject({ created: false, added: [] });
  });

  it("adds a column when the mapping and the Notion schema grow", async () => {
    const grown = { ...CHARACTERS, Email: { id: "eml1", type: "email" } };
    const result = await ensureMirror(t.db, charactersSpec([{ column: "email", from: "Email" }]), grown, "ds_a");
    expect(result).toMatchObject({ created: false, added: ["email"] });
    expect((await columnTypes("mirror_a", "characters")).email).toBe("text");
  });

  it("keeps a renamed property's column, found by its id", async () => {
    const { Bio, ...rest } = CHARACTERS;
    const renamed = { ...rest, Biography: Bio as { id: string; type: string }, Email: { id: "eml1", type: "email" } };
    const result = await ensureMirror(t.db, charactersSpec([{ column: "email", from: "Email" }]), renamed, "ds_a");
    expect(result.added).toEqual([]);
    expect(result.columns.find((c) => c.column === "description")).toMatchObject({ propertyId: "b%3Fio", propertyName: "Biography" });
    expect((await pullRows()).find((r) => r.column_name === "description")).toMatchObject({
      property_id: "b%3Fio",
      property_name: "Biography",
    });
  });

  it("keeps a renamed property's column at every later run, each data source with its own bindings", async () => {
    const spec = charactersSpec([], "mirror_c");
    const { Bio, ...rest } = CHARACTERS;
    const renamed = { ...rest, Biography: Bio as { id: string; type: string } };
    // Another user's database in the same table: its own property ids, its Bio never renamed.
    const other = { ...CHARACTERS, Bio: { id: "other-bio", type: "rich_text" } };
    await ensureMirror(t.db, spec, CHARACTERS, "ds_a");
    await ensureMirror(t.db, spec, other, "ds_b");
    for (let run = 0; run < 3; run++) {
      const a = await ensureMirror(t.db, spec, renamed, "ds_a");
      expect(
        a.columns.find((c) => c.column === "description"),
        `run ${run}`,
      ).toMatchObject({ propertyId: "b%3Fio", propertyName: "Biography" });
      const b = await ensureMirror(t.db, spec, other, "ds_b");
      expect(
        b.columns.find((c) => c.column === "description"),
        `run ${run}`,
      ).toMatchObject({ propertyId: "other-bio", propertyName: "Bio" });
    }
    const { rows } = await t.db.query(
      "SELECT data_source_id, property_id, property_name, spec_from FROM pull_bindings WHERE schema_name = 'mirror_c' AND column_name = 'description' ORDER BY 1",
    );
    expect(rows).toEqual([
      { data_source_id: "ds_a", property_id: "b%3Fio", property_name: "Biography", spec_from: ["Description", "Bio", "Backstory"] },
      { data_source_id: "ds_b", property_id: "other-bio", property_name: "Bio", spec_from: ["Description", "Bio", "Backstory"] },
    ]);
  });

  it("reports a type change instead of altering the column", async () => {
    const changed = { ...CHARACTERS, Age: { id: "age1", type: "rich_text" } };
    const before = await columnTypes("mirror_a", "characters");
    const err = await ensureMirror(t.db, charactersSpec(), changed, "ds_a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe("conflict");
    expect((err as Error).message).toContain('column "age" is double precision');
    expect(await columnTypes("mirror_a", "characters")).toEqual(before);
    // Mapped as text, the same column? No: it stays double precision; a new column takes it.
    const spec = charactersSpec().columns.map((c) => (c.column === "age" ? { column: "age_text", from: "Age" } : c));
    await ensureMirror(
      t.db,
      parseMirrorSpec({ source: { databaseName: "Characters" }, schema: "mirror_a", table: "characters", columns: spec }),
      changed,
      "ds_a",
    );
    expect((await columnTypes("mirror_a", "characters")).age_text).toBe("text");
  });

  it("names an unknown property and creates nothing", async () => {
    const before = await tables();
    const spec = parseMirrorSpec({
      source: { databaseId: "x" },
      schema: "mirror_b",
      table: "people",
      columns: [{ column: "bio", from: ["Bio", "Backstory"] }],
    });
    const err = await ensureMirror(t.db, spec, { Name: { id: "title", type: "title" } }, "ds_a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      {
        field: "mirror.columns.0.from",
        message: 'column "bio": none of the properties ["Bio","Backstory"] in the data source (it has Name)',
      },
    ]);
    expect(await tables()).toEqual(before);
  });

  it("refuses hostile names at ensureTable too, changing nothing", async () => {
    const before = { tables: await tables(), pull: await pullRows() };
    const col = { column: "ok", propertyId: "p", propertyName: "P", propertyType: "rich_text", sqlType: "text" as const };
    const cases: Array<[string, string, Array<typeof col>, string]> = [
      ["mirror_b", "x; DROP TABLE y", [col], "table"],
      ["mirror_b", "Robert'); --", [col], "table"],
      ['a"b', "fine", [col], "schema"],
      ["pg_catalog", "fine", [col], "schema"],
      ["mirror_b", "fine", [{ ...col, column: 'x" text); DROP TABLE jobs; --' }], "columns.0.column"],
      ["mirror_b", "fine", [{ ...col, column: "Name" }], "columns.0.column"],
      ["mirror_b", "fine", [{ ...col, column: "prénom" }], "columns.0.column"],
      ["mirror_b", "fine", [{ ...col, column: "user_id" }], "columns.0.column"],
      ["mirror_b", "fine", [col, { ...col, sqlType: "text); DROP TABLE jobs; --" as "text", column: "b" }], "columns.1"],
    ];
    for (const [schema, table, columns, field] of cases) {
      const err = await ensureTable(t.db, schema, table, columns).catch((e: unknown) => e);
      expect(err, `${schema}.${table}`).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]?.field).toBe(field);
    }
    expect({ tables: await tables(), pull: await pullRows() }).toEqual(before);
  });

  it("never takes over a table it did not create", async () => {
    await t.db.query("CREATE SCHEMA IF NOT EXISTS mirror_b");
    await t.db.query("CREATE TABLE mirror_b.theirs (id int)");
    const spec = parseMirrorSpec({
      source: { databaseId: "x" },
      schema: "mirror_b",
      table: "theirs",
      columns: [{ column: "name", from: "Name" }],
    });
    const err = await ensureMirror(t.db, spec, { Name: { id: "title", type: "title" } }, "ds_a").catch((e: unknown) => e);
    expect((err as FerryError).code).toBe("conflict");
    expect(await columnTypes("mirror_b", "theirs")).toEqual({ id: "integer" });
    const jobs = parseMirrorSpec({ source: { databaseId: "x" }, schema: t.schema, table: "jobs", columns: [] });
    expect(((await ensureMirror(t.db, jobs, {}, "ds_a").catch((e: unknown) => e)) as FerryError).code).toBe("conflict");
  });

  it("lets two processes ensure the same table at once: one creates, the other finds it", async () => {
    const spec = parseMirrorSpec({
      source: { databaseId: "x" },
      schema: "mirror_b",
      table: "raced",
      columns: [{ column: "name", from: "Name" }],
    });
    const schema = { Name: { id: "title", type: "title" } };
    const results = await Promise.all([
      ensureMirror(t.db, spec, schema, "ds_a"),
      ensureMirror(t.db, spec, schema, "ds_a"),
      ensureMirror(t.db, spec, schema, "ds_a"),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
    const others = ["one", "two", "three"].map((table) => ({ ...spec, schema: "mirror_c", table }));
    await Promise.all(others.map((s) => ensureMirror(t.db, s, schema, "ds_a")));
    expect(Object.keys(await columnTypes("mirror_c", "three"))).toContain("name");
  });

  it("creates seed 004's example tables", async () => {
    const sources: DataSourceSchema[] = [
      { Name: { id: "title", type: "title" }, Backstory: { id: "bk", type: "rich_text" } },
      { "World Name": { id: "title", type: "title" }, "Concept/Premise": { id: "cp", type: "rich_text" } },
      { "Story Title": { id: "title", type: "title" }, Premise: { id: "pr", type: "rich_text" } },
      {
        "Session Title": { id: "title", type: "title" },
        "Raw Transcript": { id: "rt", type: "rich_text" },
        "Message Count": { id: "mc", type: "number" },
      },
    ];
    for (const [i, spec] of EXAMPLE_MIRRORS.entries()) await ensureMirror(t.db, spec, sources[i] ?? {}, "ds_a");
    expect(await columnTypes("notion", "chat_sessions")).toMatchObject({
      title: "text",
      transcript: "text",
      message_count: "double precision",
    });
    expect(await columnTypes("notion", "characters")).toMatchObject({ name: "text", description: "text" });
  });
});
