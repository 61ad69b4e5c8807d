import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { findDataSources } from "../../../src/sync/pull/discover.ts";
import { pullUser } from "../../../src/sync/pull/pull-user.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { type PushFixture, pushFixture } from "../../helpers/push.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 0));
const sb = useSandbox({ clock });
const text = (content: string) => [{ type: "text" as const, text: { content } }];

// Seed 004's Characters properties.
const CHARACTERS = {
  title: "Characters",
  properties: { Name: { title: {} }, Description: { rich_text: {} }, Age: { number: {} } },
  rows: [0, 1, 2].map((i) => ({
    properties: { Name: { title: text(`Hero ${i}`) }, Description: { rich_text: text(`About ${i}`) }, Age: { number: 20 + i } },
  })),
};
const MISC = {
  title: "Misc",
  properties: { Label: { title: {} }, Note: { rich_text: {} } },
  rows: [0, 1].map((i) => ({ properties: { Label: { title: text(`Thing ${i}`) }, Note: { rich_text: text(`n${i}`) } } })),
};
// Named like an example mirror but without its "World Name" property: its mapping fails.
const WORLDS = {
  title: "Worlds",
  properties: { Title: { title: {} } },
  rows: [{ properties: { Title: { title: text("Earth") } } }],
};

describe("pull sync: a user's databases", () => {
  let t: TestDb;
  let f: PushFixture;
  const schema = `pull_user_${randomBytes(4).toString("hex")}`;
  const seed = async (databases: object[]) => {
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({ workspace_id: f.workspaceId, databases }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { databases: Array<{ id?: string; database_id?: string; data_source_id: string }> }).databases;
  };
  const rows = async (table: string) =>
    (await t.db.query<Record<string, unknown>>(`SELECT * FROM "${schema}".${table} ORDER BY name`)).rows;
  const deps = () => ({ db: t.db, now: () => clock.now() });

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await pushFixture(t, sb.url);
    await seed([CHARACTERS, MISC]);
    clock.advance(60 * 60_000);
  }, 60_000);
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("finds data sources by name (case-insensitive), by id, or all", async () => {
    const all = await findDataSources(f.client);
    expect(all.map((d) => d.title).sort()).toEqual(["Characters", "Misc"]);
    const byName = await findDataSources(f.client, { databaseName: "characters" });
    expect(byName).toHaveLength(1);
    expect(byName[0]?.title).toBe("Characters");
    const byId = await findDataSources(f.client, { databaseId: byName[0]?.databaseId as string });
    expect(byId).toEqual(byName);
  });

  it("with no filter, mirrors every database and answers in seed 004's shape", async () => {
    const result = await pullUser(deps(), { client: f.client, userId: f.userId, schema });
    expect(result).toMatchObject({ success: true });
    if (!("results" in result)) throw new Error("expected several results");
    expect(result.results.map((r) => [r.database_name, r.synced_count, r.status]).sort()).toEqual([
      ["Characters", 3, "success"],
      ["Misc", 2, "success"],
    ]);
    const characters = result.results.find((r) => r.database_name === "Characters");
    expect(characters).toMatchObject({ failed: 0, full: true, inserted: 3, updated: 0, table: `${schema}.characters` });
    expect(typeof result.duration_ms).toBe("number");
    const chars = await rows("characters");
    expect(chars.map((r) => [r.name, r.description])).toEqual([
      ["Hero 0", "About 0"],
      ["Hero 1", "About 1"],
      ["Hero 2", "About 2"],
    ]);
    expect((await rows("misc")).map((r) => r.name)).toEqual(["Thing 0", "Thing 1"]);
  });

  it("by name pulls that one database only", async () => {
    const result = await pullUser(deps(), { client: f.client, userId: f.userId, schema, request: { databaseName: "MISC", full: true } });
    expect(result).toMatchObject({ success: true, database_name: "Misc", synced_count: 0, unchanged: 2, inserted: 0 });
    expect(result).not.toHaveProperty("results");
  });

  it("an unknown name or id is not_found", async () => {
    await expect(pullUser(deps(), { client: f.client, userId: f.userId, schema, request: { databaseName: "Nope" } })).rejects.toMatchObject(
      {
        code: "not_found",
        message: expect.stringContaining('"Nope"'),
      },
    );
    await expect(
      pullUser(deps(), { client: f.client, userId: f.userId, schema, request: { databaseId: "00000000-0000-4000-8000-000000000000" } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("a database whose pull fails does not stop the others", async () => {
    await seed([WORLDS]);
    const result = await pullUser(deps(), { client: f.client, userId: f.userId, schema });
    if (!("results" in result)) throw new Error("expected several results");
    expect(result.success).toBe(false);
    const byName = Object.fromEntries(result.results.map((r) => [r.database_name, r]));
    expect(byName.Worlds).toMatchObject({ status: "error", synced_count: 0, error: expect.stringContaining("World Name") });
    expect(byName.Characters).toMatchObject({ status: "success" });
    expect(byName.Misc).toMatchObject({ status: "success" });
  });

  it("two databases with the same title never share a table: the second default mirror gets its id appended", async () => {
    const [second] = await seed([MISC]);
    const result = await pullUser(deps(), { client: f.client, userId: f.userId, schema });
    if (!("results" in result)) throw new Error("expected several results");
    const tables = result.results.filter((r) => r.database_name === "Misc").map((r) => r.table);
    const suffix = (second?.database_id ?? second?.id ?? "").replaceAll("-", "").slice(0, 8);
    expect(tables.sort()).toEqual([`${schema}.misc`, `${schema}.misc_${suffix}`].sort());
    expect(result.results.filter((r) => r.database_name === "Misc").map((r) => r.status)).toEqual(["success", "success"]);
  });
});
