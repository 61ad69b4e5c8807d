import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.ts";
import { databaseResults, pullUser } from "../../../src/sync/pull/pull-user.ts";
import type { PullRequest } from "../../../src/sync/pull/runs.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { text } from "./fixtures.ts";
import { callsDuring, type NotionFixture, notionFixture } from "./sandbox-fixture.ts";

/**
 * What a pull costs in Notion calls, by endpoint, from the sandbox's request log: the numbers
 * docs/pull-sync.md gives ("What a run costs").
 */
const T0 = Date.UTC(2026, 6, 1, 9, 0);
const clock = new FakeClock(T0);
const sb = useSandbox({ clock });
const ROWS = 300;
const MIN = 60_000;

const SEARCH = "POST /v1/search";
const DATABASE = "GET /v1/databases/:id";
const SCHEMA = "GET /v1/data_sources/:id";
const QUERY = "POST /v1/data_sources/:id/query";

describe("pull sync: what a run costs in Notion calls", () => {
  let t: TestDb;
  let f: NotionFixture;
  let databaseId: string;
  const schema = `pull_cost_${randomBytes(4).toString("hex")}`;

  /** One run of the user's pull at `at` (ms after T0), as the API or the schedule runs it: its calls and its one result. */
  const run = async (at: number, request: PullRequest = { databaseName: "Inventory" }) => {
    clock.set(T0 + at);
    const { result, calls } = await callsDuring(sb.url, f.token, () =>
      pullUser({ db: t.db, now: () => clock.now() }, { client: f.client, userId: f.userId, request, schema }),
    );
    const results = databaseResults(result);
    for (const r of results) expect(r.status, r.error).toBe("success");
    return { calls, result: results[0] };
  };

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await notionFixture(t.db, sb.url);
    await f.seed([
      {
        title: "Inventory",
        properties: { Name: { title: {} }, Count: { number: {} } },
        rows: Array.from({ length: ROWS }, (_, i) => ({ properties: { Name: { title: text(`Item ${i}`) }, Count: { number: i } } })),
      },
      { title: "Notes", properties: { Name: { title: {} } }, rows: [{ properties: { Name: { title: text("one") } } }] },
    ]);
    const found = await f.client.search({ query: "Inventory", filter: { property: "object", value: "data_source" } });
    databaseId = (found.results[0] as unknown as { parent: { database_id: string } }).parent.database_id;
  });
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("a first run: the search for the name, the schema, one query per 100 rows", async () => {
    const { calls, result } = await run(1 * MIN);
    expect(calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 3 });
    expect(result).toMatchObject({ inserted: ROWS, full: true });
  });

  it("an unchanged re-run reads again the pages edited in the 7 minutes before the last run began", async () => {
    // Every row was edited at T0. A run at T0+2 asks for pages edited since its watermark (T0) minus the
    // 2-minute overlap: all of them, unchanged, nothing written. So does the next, until a run begins
    // more than 7 minutes after the edits (watermark: its start minus the 5-minute clock margin).
    const soon = await run(2 * MIN);
    expect(soon.calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 3 });
    expect(soon.result).toMatchObject({ inserted: 0, updated: 0, unchanged: ROWS, full: false });
    const later = await run(8 * MIN);
    expect(later.calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 3 });
    expect(later.result).toMatchObject({ unchanged: ROWS });
    // The run at T0+8 moved the watermark to T0+3: from now on an unchanged run reads one empty page.
    const steady = await run(9 * MIN);
    expect(steady.calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 1 });
    expect(steady.result).toMatchObject({ unchanged: 0, updated: 0, full: false });
    expect((await run(10 * MIN)).calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 1 });
  });

  it("by database id, the database replaces the search; with nothing chosen, one search for every database", async () => {
    expect((await run(11 * MIN, { databaseId })).calls).toEqual({ [DATABASE]: 1, [SCHEMA]: 1, [QUERY]: 1 });
    // Every database the integration sees: Notes is new (a full run of one page), Inventory unchanged.
    const all = await run(12 * MIN, {});
    expect(all.calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 2, [QUERY]: 2 });
    expect((await run(30 * MIN, {})).calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 2, [QUERY]: 2 });
  });

  it("one edited row: one query, one row written", async () => {
    clock.set(T0 + 40 * MIN);
    const { results } = await f.client.dataSources.query({
      data_source_id: (
        (await f.client.search({ query: "Inventory", filter: { property: "object", value: "data_source" } })).results[0] as { id: string }
      ).id,
      page_size: 1,
    });
    await f.client.pages.update({ page_id: (results[0] as { id: string }).id, properties: { Count: { number: -1 } } });
    const { calls, result } = await run(41 * MIN);
    expect(calls).toEqual({ [SEARCH]: 1, [SCHEMA]: 1, [QUERY]: 1 });
    expect(result).toMatchObject({ updated: 1, unchanged: 0, inserted: 0 });
  });
});
