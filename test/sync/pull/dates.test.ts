import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extract } from "../../../src/sync/pull/columns.ts";
import { parseMirrorSpec } from "../../../src/sync/pull/mapping.ts";
import { pullDataSource } from "../../../src/sync/pull/run.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { text } from "./fixtures.ts";
import { type NotionFixture, notionFixture } from "./sandbox-fixture.ts";

const date = (start: string, time_zone: string | null = null, end: string | null = null) => ({
  id: "d",
  type: "date",
  date: { start, end, time_zone },
});
/** The instant of an extracted value: exact strings where Ferry computes the instant, parsed where it keeps an offset. */
const at = (v: unknown) => new Date(v as string).toISOString();

describe("extract: a date's start as the instant Notion means", () => {
  it("reads a wall time with a time zone in that zone", () => {
    // Asia/Kolkata is UTC+05:30 all year.
    expect(extract("date", date("2024-07-07T23:30:00", "Asia/Kolkata"))).toBe("2024-07-07T18:00:00.000Z");
    expect(extract("date", date("2024-07-07T23:30", "Asia/Kolkata"))).toBe("2024-07-07T18:00:00.000Z");
    expect(extract("date", date("2024-07-07T23:30:00.250", "Asia/Kathmandu"))).toBe("2024-07-07T17:45:00.250Z");
    // Summer and winter: the zone's offset on that day, not today's.
    expect(extract("date", date("2024-07-01T12:00:00", "Europe/Paris"))).toBe("2024-07-01T10:00:00.000Z");
    expect(extract("date", date("2024-01-01T12:00:00", "Europe/Paris"))).toBe("2024-01-01T11:00:00.000Z");
    expect(extract("date", date("2024-01-01T00:30:00", "America/Los_Angeles"))).toBe("2024-01-01T08:30:00.000Z");
    expect(extract("date", date("2024-07-01T09:00:00", "Australia/Sydney"))).toBe("2024-06-30T23:00:00.000Z");
  });

  it("keeps values Notion gives with an offset or as UTC, whatever the zone says", () => {
    // Real Notion renders a zoned date as the wall time with its UTC offset (and time_zone null).
    expect(at(extract("date", date("2024-07-07T23:30:00.000+05:30")))).toBe("2024-07-07T18:00:00.000Z");
    expect(at(extract("date", date("2024-07-07T23:30:00.000+05:30", "America/New_York")))).toBe("2024-07-07T18:00:00.000Z");
    expect(at(extract("date", date("2024-05-01T09:00:00Z", "Asia/Tokyo")))).toBe("2024-05-01T09:00:00.000Z");
    expect(extract("date", date("2024-05-01T09:00:00.000Z"))).toBe("2024-05-01T09:00:00.000Z");
  });

  it("reads a date without a time as midnight UTC, and a wall time without a zone as UTC", () => {
    // Explicit instants: PostgreSQL would read a value without an offset in its session's TimeZone.
    expect(extract("date", date("2024-07-07"))).toBe("2024-07-07T00:00:00.000Z");
    // Notion refuses a zone on a date without a time; if one comes, the date is still that day.
    expect(extract("date", date("2024-07-07", "Asia/Kolkata"))).toBe("2024-07-07T00:00:00.000Z");
    expect(extract("date", date("2024-07-07T23:30:00"))).toBe("2024-07-07T23:30:00.000Z");
    expect(extract("date", date("2024-07-07T23:30"))).toBe("2024-07-07T23:30:00.000Z");
  });

  it("resolves daylight-saving gaps and overlaps like JavaScript's Date and Temporal's default", () => {
    // 02:30 on 10 March 2024 does not exist in New York (02:00 EST → 03:00 EDT): it is read as 03:30 EDT.
    expect(extract("date", date("2024-03-10T02:30:00", "America/New_York"))).toBe("2024-03-10T07:30:00.000Z");
    // 01:30 on 3 November 2024 happens twice (EDT, then EST): the first one.
    expect(extract("date", date("2024-11-03T01:30:00", "America/New_York"))).toBe("2024-11-03T05:30:00.000Z");
    // Just around the transitions.
    expect(extract("date", date("2024-03-10T01:59:00", "America/New_York"))).toBe("2024-03-10T06:59:00.000Z");
    expect(extract("date", date("2024-03-10T03:00:00", "America/New_York"))).toBe("2024-03-10T07:00:00.000Z");
    expect(extract("date", date("2024-11-03T02:00:00", "America/New_York"))).toBe("2024-11-03T07:00:00.000Z");
    // Europe: 02:30 on 31 March 2024 does not exist in Paris; 02:30 on 27 October happens twice.
    expect(extract("date", date("2024-03-31T02:30:00", "Europe/Paris"))).toBe("2024-03-31T01:30:00.000Z");
    expect(extract("date", date("2024-10-27T02:30:00", "Europe/Paris"))).toBe("2024-10-27T00:30:00.000Z");
  });

  it("reads a zone the runtime does not know as UTC, and keeps text columns as Notion wrote them", () => {
    expect(extract("date", date("2024-07-07T23:30:00", "Mars/Olympus_Mons"))).toBe("2024-07-07T23:30:00.000Z");
    // Not an ISO date at all: given to PostgreSQL as it is (which may refuse it: the page then fails alone).
    expect(extract("date", date("next tuesday", "Asia/Kolkata"))).toBe("next tuesday");
    expect(extract("date", date("2024-07-07T23:30:00", "Asia/Kolkata"), "text")).toBe("2024-07-07T23:30:00");
    expect(extract("date", date("2024-07-07T23:30:00", "Asia/Kolkata"), "jsonb")).toEqual({
      start: "2024-07-07T23:30:00",
      end: null,
      time_zone: "Asia/Kolkata",
    });
  });
});

describe("pull sync: dates with a time zone, from the sandbox into a timestamptz column", () => {
  const sb = useSandbox();
  let t: TestDb;
  let f: NotionFixture;
  let dataSourceId: string;
  const schema = `pull_dates_${randomBytes(4).toString("hex")}`;
  const spec = parseMirrorSpec({
    source: { databaseName: "Events" },
    schema,
    table: "events",
    columns: [
      { column: "name", from: "Name" },
      { column: "starts", from: "When" },
      { column: "starts_text", from: "When", as: "text" },
    ],
  });

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await notionFixture(t.db, sb.url);
    [dataSourceId] = (await f.seed([{ title: "Events", properties: { Name: { title: {} }, When: { date: {} } } }])) as [string];
  });
  const columnProperty = async (column: string) =>
    (
      await t.db.query<{ property_id: string }>("SELECT property_id FROM pull_columns WHERE schema_name = $1 AND column_name = $2", [
        schema,
        column,
      ])
    ).rows[0]?.property_id;
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("stores the instant of a date written with a time zone, a date-only value and an offset value", async () => {
    const write = (name: string, when: { start: string; time_zone?: "Asia/Kolkata" | "America/New_York" }) =>
      f.client.pages.create({
        parent: { data_source_id: dataSourceId },
        properties: { Name: { title: text(name) }, When: { date: when } },
      });
    const zoned = await write("Dinner in Delhi", { start: "2024-07-07T23:30:00", time_zone: "Asia/Kolkata" });
    // What the sandbox gives back is what the column is read from.
    const back = (await f.client.pages.retrieve({ page_id: zoned.id })) as unknown as { properties: { When: { date: unknown } } };
    expect(back.properties.When.date).toEqual({ start: "2024-07-07T23:30:00", end: null, time_zone: "Asia/Kolkata" });
    await write("Day", { start: "2024-07-07" });
    await write("Offset", { start: "2024-07-07T23:30:00.000+05:30" });
    await write("Gap", { start: "2024-03-10T02:30:00", time_zone: "America/New_York" });

    const result = await pullDataSource({ db: t.db }, { client: f.client, userId: f.userId, dataSourceId, spec });
    expect(result).toMatchObject({ inserted: 4, failed: 0 });
    const { rows } = await t.db.query<{ name: string; starts: Date; starts_text: string }>(
      `SELECT name, starts, starts_text FROM "${schema}".events ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, r.starts.toISOString(), r.starts_text])).toEqual([
      ["Day", "2024-07-07T00:00:00.000Z", "2024-07-07"],
      ["Dinner in Delhi", "2024-07-07T18:00:00.000Z", "2024-07-07T23:30:00"],
      ["Gap", "2024-03-10T07:30:00.000Z", "2024-03-10T02:30:00"],
      ["Offset", "2024-07-07T18:00:00.000Z", "2024-07-07T23:30:00.000+05:30"],
    ]);
  });
  it("rewrites a mirror pulled before dates were read in their zone: one full run after the upgrade", async () => {
    // As Ferry left it before: the wall time stored as UTC, the row's hash of that value, the old mapping hash.
    const oldHash = createHash("sha256")
      .update(
        JSON.stringify([
          ["name", "title", "title", "text"],
          ["starts", (await columnProperty("starts")) as string, "date", "timestamptz"],
          ["starts_text", (await columnProperty("starts_text")) as string, "date", "text"],
        ]),
      )
      .digest("hex");
    await t.db.query(
      `UPDATE "${schema}".events SET starts = '2024-07-07T23:30:00Z', content_hash = 'before' WHERE name = 'Dinner in Delhi'`,
    );
    await t.db.query("UPDATE pull_state SET mapping_hash = $1 WHERE user_id = $2", [oldHash, f.userId]);
    const result = await pullDataSource({ db: t.db }, { client: f.client, userId: f.userId, dataSourceId, spec });
    expect(result).toMatchObject({ full: true, updated: 1, unchanged: 3, failed: 0 });
    const { rows } = await t.db.query<{ starts: Date }>(`SELECT starts FROM "${schema}".events WHERE name = 'Dinner in Delhi'`);
    expect(rows[0]?.starts.toISOString()).toBe("2024-07-07T18:00:00.000Z");
  });
});
