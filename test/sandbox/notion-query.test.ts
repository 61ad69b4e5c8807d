import { Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text", text: { content } }];
const title = (s: string) => ({ title: text(s) });

interface Seeded {
  access_token: string;
  workspace_id: string;
  pages: Array<{ id: string; title: string }>;
  databases: Array<{ id: string; title: string; data_source_id: string }>;
  rows: number;
}

const SCHEMA = {
  Name: { title: {} },
  Notes: { rich_text: {} },
  Score: { number: {} },
  Done: { checkbox: {} },
  Kind: { select: { options: [{ name: "a" }, { name: "b" }, { name: "c" }] } },
  Tags: { multi_select: { options: [{ name: "x" }, { name: "y" }] } },
  Due: { date: {} },
  Link: { url: {} },
  Files: { files: {} },
};

/** Rows named r0..r9 with values chosen so each filter below picks a known subset. */
const ROWS = [
  {
    Name: title("alpha"),
    Notes: { rich_text: text("first row") },
    Score: { number: 5 },
    Done: { checkbox: true },
    Kind: { select: { name: "a" } },
    Tags: { multi_select: [{ name: "x" }] },
    Due: { date: { start: "2026-01-10" } },
  },
  {
    Name: title("beta"),
    Score: { number: 1 },
    Kind: { select: { name: "b" } },
    Tags: { multi_select: [{ name: "x" }, { name: "y" }] },
    Due: { date: { start: "2026-02-01T12:00:00Z" } },
  },
  {
    Name: title("gamma"),
    Notes: { rich_text: text("Second") },
    Score: { number: 9 },
    Done: { checkbox: true },
    Kind: { select: { name: "c" } },
    Link: { url: "https://example.com" },
  },
  {
    Name: title("delta"),
    Score: { number: 5 },
    Kind: { select: { name: "a" } },
    Due: { date: { start: "2025-12-31" } },
    Files: { files: [{ name: "f", external: { url: "https://example.com/f.pdf" } }] },
  },
  { Name: title("Alphabet"), Tags: { multi_select: [{ name: "y" }] } },
];

/** Data source queries: every common filter, groups, sorts, pagination and the 10,000-row cap. */
describe("sandbox: Notion data source queries", () => {
  const sb = useSandbox();
  let notion: Client;
  let seeded: Seeded;

  async function seed(body: unknown): Promise<Seeded> {
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Seeded;
  }

  const ds = () => seeded.databases[0]?.data_source_id as string;
  const names = async (body: Record<string, unknown>) => {
    const res = await notion.dataSources.query({ data_source_id: ds(), ...body });
    return res.results.map((p) => {
      const props = (p as unknown as { properties: { Name: { title: Array<{ plain_text: string }> } } }).properties;
      return props.Name.title.map((t) => t.plain_text).join("");
    });
  };

  beforeEach(async () => {
    await sb.reset();
    seeded = await seed({ databases: [{ title: "Things", properties: SCHEMA, rows: ROWS.map((properties) => ({ properties })) }] });
    notion = new Client({ auth: seeded.access_token, baseUrl: sb.url, retry: false });
  });

  it("filters every common property type", async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ property: "Name", title: { equals: "beta" } }, ["beta"]],
      [{ property: "Name", title: { contains: "ALPHA" } }, ["alpha", "Alphabet"]],
      [{ property: "Name", title: { starts_with: "al" } }, ["alpha", "Alphabet"]],
      [{ property: "Name", title: { ends_with: "ta" } }, ["beta", "delta"]],
      [{ property: "Notes", rich_text: { is_empty: true } }, ["beta", "delta", "Alphabet"]],
      [{ property: "Notes", rich_text: { does_not_contain: "row" } }, ["beta", "gamma", "delta", "Alphabet"]],
      [{ property: "Score", number: { equals: 5 } }, ["alpha", "delta"]],
      [{ property: "Score", number: { greater_than: 4 } }, ["alpha", "gamma", "delta"]],
      [{ property: "Score", number: { less_than_or_equal_to: 1 } }, ["beta"]],
      [{ property: "Score", number: { is_empty: true } }, ["Alphabet"]],
      [{ property: "Done", checkbox: { equals: true } }, ["alpha", "gamma"]],
      [{ property: "Done", checkbox: { does_not_equal: true } }, ["beta", "delta", "Alphabet"]],
      [{ property: "Kind", select: { equals: "a" } }, ["alpha", "delta"]],
      [{ property: "Kind", select: { does_not_equal: "a" } }, ["beta", "gamma", "Alphabet"]],
      [{ property: "Kind", select: { is_empty: true } }, ["Alphabet"]],
      [{ property: "Tags", multi_select: { contains: "y" } }, ["beta", "Alphabet"]],
      [{ property: "Tags", multi_select: { does_not_contain: "x" } }, ["gamma", "delta", "Alphabet"]],
      [{ property: "Due", date: { before: "2026-01-01" } }, ["delta"]],
      [{ property: "Due", date: { on_or_after: "2026-01-10" } }, ["alpha", "beta"]],
      [{ property: "Due", date: { equals: "2026-02-01" } }, ["beta"]],
      [{ property: "Due", date: { after: "2026-01-10" } }, ["beta"]],
      [{ property: "Due", date: { is_not_empty: true } }, ["alpha", "beta", "delta"]],
      [{ property: "Link", url: { is_not_empty: true } }, ["gamma"]],
      [{ property: "Files", files: { is_not_empty: true } }, ["delta"]],
      [{ timestamp: "created_time", created_time: { on_or_before: "today" } }, ["alpha", "beta", "gamma", "delta", "Alphabet"]],
      [{ timestamp: "last_edited_time", last_edited_time: { after: "tomorrow" } }, []],
      [{ timestamp: "created_time", created_time: { past_week: {} } }, ["alpha", "beta", "gamma", "delta", "Alphabet"]],
    ];
    for (const [filter, expected] of cases) {
      expect({ filter, got: await names({ filter: filter as never }) }).toEqual({ filter, got: expected });
    }
  });

  it("combines filters in and/or groups two levels deep and rejects a third level", async () => {
    const two = {
      or: [
        {
          and: [
            { property: "Kind", select: { equals: "a" } },
            { property: "Done", checkbox: { equals: true } },
          ],
        },
        { property: "Score", number: { greater_than: 8 } },
      ],
    };
    expect(await names({ filter: two as never })).toEqual(["alpha", "gamma"]);
    const three = { and: [{ or: [{ and: [{ property: "Score", number: { equals: 1 } }] }] }] };
    await expect(notion.dataSources.query({ data_source_id: ds(), filter: three as never })).rejects.toMatchObject({
      code: "validation_error",
      message: expect.stringContaining("body.filter.and[0].or[0].and should be not present"),
    });
  });

  it("refuses unknown properties, mismatched filter types and bad operators", async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ property: "Nope", number: { equals: 1 } }, /Could not find property with name or id: Nope/],
      [{ property: "Score", checkbox: { equals: true } }, /body\.filter\.checkbox should be a `number` filter/],
      [{ property: "Score", number: { roughly: 3 } }, /body\.filter\.number should have exactly one of/],
      [{ property: "Score", number: { equals: "3" } }, /body\.filter\.number\.equals should be a number/],
      [{ property: "Due", date: { before: "soon" } }, /should be an ISO 8601 date or a relative date/],
    ];
    for (const [filter, message] of bad) {
      await expect(notion.dataSources.query({ data_source_id: ds(), filter: filter as never })).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(message),
      });
    }
  });

  it("sorts by properties and timestamps, empty values last, and paginates in order", async () => {
    expect(
      await names({
        sorts: [
          { property: "Score", direction: "descending" },
          { property: "Name", direction: "ascending" },
        ],
      }),
    ).toEqual(["gamma", "alpha", "delta", "beta", "Alphabet"]);
    expect(await names({ sorts: [{ property: "Kind", direction: "descending" }] })).toEqual([
      "gamma",
      "beta",
      "alpha",
      "delta",
      "Alphabet",
    ]);
    expect(await names({ sorts: [{ timestamp: "created_time", direction: "descending" }] })).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await notion.dataSources.query({
        data_source_id: ds(),
        page_size: 2,
        start_cursor: cursor,
        sorts: [{ property: "Name", direction: "ascending" }],
      });
      expect(page.results.length).toBeLessThanOrEqual(2);
      seen.push(...page.results.map((p) => p.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const all = await notion.dataSources.query({ data_source_id: ds(), sorts: [{ property: "Name", direction: "ascending" }] });
    expect(seen).toEqual(all.results.map((p) => p.id));
    await expect(
      notion.dataSources.query({ data_source_id: ds(), sorts: [{ property: "Nope", direction: "ascending" }] }),
    ).rejects.toMatchObject({
      code: "validation_error",
    });
  });

  it("leaves trashed rows out unless in_trash is asked for, and limits returned properties", async () => {
    const rows = await notion.dataSources.query({ data_source_id: ds() });
    await notion.pages.update({ page_id: rows.results[0]?.id as string, in_trash: true });
    expect(await names({})).toHaveLength(4);
    expect(await names({ in_trash: true })).toHaveLength(5);
    const slim = await notion.dataSources.query({ data_source_id: ds(), filter_properties: ["title"] });
    expect(Object.keys((slim.results[0] as unknown as { properties: object }).properties)).toEqual(["Name"]);
  });

  it("stops a single query at 10,000 rows with request_status incomplete", async () => {
    const many = Array.from({ length: 10_050 }, (_, i) => ({ properties: { Name: title(`row ${i}`) } }));
    const big = await seed({
      workspace_id: seeded.workspace_id,
      databases: [{ title: "Big", properties: { Name: { title: {} } }, rows: many }],
    });
    expect(big.rows).toBe(10_050);
    const dsId = big.databases[0]?.data_source_id as string;
    let total = 0;
    let cursor: string | undefined;
    let last: Awaited<ReturnType<Client["dataSources"]["query"]>> | undefined;
    do {
      last = await notion.dataSources.query({ data_source_id: dsId, start_cursor: cursor });
      total += last.results.length;
      cursor = last.next_cursor ?? undefined;
    } while (cursor);
    expect(total).toBe(10_000);
    expect(last).toMatchObject({
      has_more: false,
      request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" },
    });
    const filtered = await notion.dataSources.query({ data_source_id: dsId, filter: { property: "Name", title: { ends_with: " 10049" } } });
    expect(filtered).toMatchObject({ has_more: false, request_status: { type: "complete" }, results: [{ object: "page" }] });
  }, 60_000);
});
