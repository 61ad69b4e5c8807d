import { APIErrorCode, Client, collectPaginatedAPI } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { useNotion } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];

type AnyPage = { id: string; properties: Record<string, Record<string, unknown>>; parent: Record<string, unknown> };

/** Databases, data sources, rows and their property values, through the official client (2025-09-03). */
describe("sandbox: Notion databases and data sources", () => {
  const ctx = useNotion();

  async function characters() {
    const root = await ctx.notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Story") } } });
    const db = await ctx.notion.databases.create({
      parent: { type: "page_id", page_id: root.id },
      title: text("Characters"),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Bio: { rich_text: {} },
          Age: { number: { format: "number" } },
          Alive: { checkbox: {} },
          Role: {
            select: {
              options: [
                { name: "Hero", color: "blue" },
                { name: "Villain", color: "red" },
              ],
            },
          },
          Tags: { multi_select: { options: [{ name: "brave" }, { name: "old" }] } },
          Stage: { status: {} },
          Born: { date: {} },
          Site: { url: {} },
          Mail: { email: {} },
          Phone: { phone_number: {} },
          Owner: { people: {} },
          Files: { files: {} },
          Created: { created_time: {} },
          Ref: { unique_id: { prefix: "CH" } },
        },
      },
    });
    const full = db as unknown as { data_sources: Array<{ id: string; name: string }> };
    const dsId = full.data_sources[0]?.id as string;
    return { root, db, dsId };
  }

  it("creates a database with a data source, shows it as a child_database block, and retrieves both shapes", async () => {
    const { root, db, dsId } = await characters();
    expect(db).toMatchObject({
      object: "database",
      parent: { type: "page_id", page_id: root.id },
      data_sources: [{ id: dsId, name: "Characters" }],
    });
    expect(db).not.toHaveProperty("properties");
    const ds = await ctx.notion.dataSources.retrieve({ data_source_id: dsId });
    expect(ds).toMatchObject({
      object: "data_source",
      parent: { type: "database_id", database_id: db.id },
      database_parent: { type: "page_id", page_id: root.id },
    });
    const props = (ds as unknown as { properties: Record<string, { type: string; id: string }> }).properties;
    expect(props.Name).toMatchObject({ id: "title", type: "title" });
    expect(props.Stage).toMatchObject({
      type: "status",
      status: { options: [{ name: "Not started" }, { name: "In progress" }, { name: "Done" }] },
    });
    const kids = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: root.id });
    expect(kids).toMatchObject([{ id: db.id, type: "child_database", child_database: { title: "Characters" } }]);
    expect(await ctx.notion.databases.retrieve({ database_id: db.id })).toMatchObject({ id: db.id, title: [{ plain_text: "Characters" }] });
  });

  it("creates rows with every common property type, by data source or database parent, and reads them back", async () => {
    const { db, dsId } = await characters();
    const owner = (await ctx.notion.users.list({})).results.find((u) => u.type === "person")?.id as string;
    const row = (await ctx.notion.pages.create({
      parent: { data_source_id: dsId },
      properties: {
        Name: { title: text("Ada") },
        Bio: { rich_text: text("Counts things") },
        Age: { number: 36 },
        Alive: { checkbox: true },
        Role: { select: { name: "Hero" } },
        Tags: { multi_select: [{ name: "brave" }, { name: "new-tag" }] },
        Stage: { status: { name: "In progress" } },
        Born: { date: { start: "1815-12-10" } },
        Site: { url: "https://example.com/ada" },
        Mail: { email: "ada@example.com" },
        Phone: { phone_number: "+44 20" },
        Owner: { people: [{ id: owner }] },
        Files: { files: [{ name: "portrait", external: { url: "https://example.com/ada.png" } }] },
      },
    })) as unknown as AnyPage;
    expect(row.parent).toEqual({ type: "data_source_id", data_source_id: dsId, database_id: db.id });
    expect(row.properties.Name).toMatchObject({ id: "title", type: "title", title: [{ plain_text: "Ada" }] });
    expect(row.properties.Age).toMatchObject({ number: 36 });
    expect(row.properties.Role).toMatchObject({ select: { name: "Hero", color: "blue" } });
    expect(row.properties.Tags?.multi_select).toMatchObject([{ name: "brave" }, { name: "new-tag", color: "default" }]);
    expect(row.properties.Stage).toMatchObject({ status: { name: "In progress" } });
    expect(row.properties.Born).toMatchObject({ date: { start: "1815-12-10", end: null, time_zone: null } });
    expect(row.properties.Owner).toMatchObject({ people: [{ object: "user", id: owner }] });
    expect(row.properties.Ref).toMatchObject({ unique_id: { prefix: "CH", number: 1 } });
    expect(row.properties.Created?.created_time).toMatch(/:00\.000Z$/);
    // The new multi-select option joined the schema.
    const ds = (await ctx.notion.dataSources.retrieve({ data_source_id: dsId })) as unknown as {
      properties: { Tags: { multi_select: { options: Array<{ name: string }> } } };
    };
    expect(ds.properties.Tags.multi_select.options.map((o) => o.name)).toEqual(["brave", "old", "new-tag"]);
    // A database parent works while the database has one data source.
    const second = (await ctx.notion.pages.create({
      parent: { database_id: db.id },
      properties: { Name: { title: text("Babbage") } },
    })) as unknown as AnyPage;
    expect(second.properties.Ref).toMatchObject({ unique_id: { number: 2 } });
    expect(second.properties.Alive).toMatchObject({ checkbox: false });
    const updated = (await ctx.notion.pages.update({
      page_id: row.id,
      properties: { Age: { number: 37 }, Role: { select: null } },
    })) as unknown as AnyPage;
    expect(updated.properties.Age).toMatchObject({ number: 37 });
    expect(updated.properties.Role).toMatchObject({ select: null });
    expect(updated.properties.Name).toMatchObject({ title: [{ plain_text: "Ada" }] });
  });

  it("rejects unknown properties, wrong value types, unknown status options and read-only properties", async () => {
    const { dsId } = await characters();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ Nope: { number: 1 } }, /Nope is not a property that exists/],
      [{ Age: { number: "ten" } }, /body\.properties\.Age\.number should be a number/],
      [{ Stage: { status: { name: "Someday" } } }, /body\.properties\.Stage\.status\.name should be an existing option/],
      [{ Created: { created_time: "2026-01-01T00:00:00Z" } }, /read-only/],
      [{ Mail: { email: "x".repeat(201) } }, /body\.properties\.Mail\.email\.length should be ≤ `200`/],
      [{ Born: { date: { start: "yesterday-ish" } } }, /body\.properties\.Born\.date\.start should be an ISO 8601 date/],
    ];
    for (const [properties, message] of cases) {
      const attempt = ctx.notion.pages.create({ parent: { data_source_id: dsId }, properties: properties as never });
      await expect(attempt).rejects.toMatchObject({
        code: APIErrorCode.ValidationError,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    const rows = await ctx.notion.dataSources.query({ data_source_id: dsId });
    expect(rows.results).toHaveLength(0);
  });

  it("updates a schema: a renamed property keeps its values, removed ones disappear, new ones start empty", async () => {
    const { dsId } = await characters();
    const row = await ctx.notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text("Ada") }, Bio: { rich_text: text("x") } },
    });
    const ds = await ctx.notion.dataSources.update({
      data_source_id: dsId,
      properties: { Bio: { name: "Backstory" }, Age: null, Pages: { number: { format: "number" } } },
    });
    const props = (ds as unknown as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(props)).toContain("Backstory");
    expect(Object.keys(props)).not.toContain("Age");
    const again = (await ctx.notion.pages.retrieve({ page_id: row.id })) as unknown as AnyPage;
    expect(again.properties.Backstory).toMatchObject({ rich_text: [{ plain_text: "x" }] });
    expect(again.properties.Pages).toMatchObject({ number: null });
    expect(again.properties).not.toHaveProperty("Age");
    await expect(ctx.notion.dataSources.update({ data_source_id: dsId, properties: { Name: null } })).rejects.toMatchObject({
      code: "validation_error",
    });
  });

  it("truncates relations to 25 references on the page and paginates them as property items", async () => {
    const { db, dsId } = await characters();
    await ctx.notion.dataSources.update({
      data_source_id: dsId,
      properties: { Friends: { relation: { data_source_id: dsId, single_property: {} } } },
    });
    const friends = [];
    for (let i = 0; i < 30; i++)
      friends.push(await ctx.notion.pages.create({ parent: { data_source_id: dsId }, properties: { Name: { title: text(`f${i}`) } } }));
    const hub = (await ctx.notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text("hub") }, Friends: { relation: friends.map((f) => ({ id: f.id })) } },
    })) as unknown as AnyPage;
    const rel = hub.properties.Friends as { relation: unknown[]; has_more: boolean; id: string };
    expect(rel.relation).toHaveLength(25);
    expect(rel.has_more).toBe(true);
    const ids: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = (await ctx.notion.pages.properties.retrieve({
        page_id: hub.id,
        property_id: rel.id,
        page_size: 7,
        start_cursor: cursor,
      })) as unknown as {
        results: Array<{ relation: { id: string } }>;
        next_cursor: string | null;
      };
      ids.push(...page.results.map((x) => x.relation.id));
      cursor = page.next_cursor ?? undefined;
      calls++;
    } while (cursor);
    expect(calls).toBe(5);
    expect(ids).toEqual(friends.map((f) => f.id));
    const title = await ctx.notion.pages.properties.retrieve({ page_id: hub.id, property_id: "title" });
    expect(title).toMatchObject({ object: "list", type: "property_item", results: [{ type: "title", title: { plain_text: "hub" } }] });
    const single = await ctx.notion.pages.properties.retrieve({ page_id: hub.id, property_id: "Alive" });
    expect(single).toMatchObject({ object: "property_item", type: "checkbox", checkbox: false });
    expect(db.id).toBeTruthy();
  });

  it("refuses rows in a trashed database and restores it", async () => {
    const { db, dsId } = await characters();
    const trashed = await ctx.notion.databases.update({ database_id: db.id, in_trash: true });
    expect(trashed).toMatchObject({ in_trash: true });
    await expect(
      ctx.notion.pages.create({ parent: { data_source_id: dsId }, properties: { Name: { title: text("x") } } }),
    ).rejects.toMatchObject({
      code: "validation_error",
      message: expect.stringMatching(/archived/),
    });
    await ctx.notion.databases.update({ database_id: db.id, in_trash: false });
    await expect(
      ctx.notion.pages.create({ parent: { data_source_id: dsId }, properties: { Name: { title: text("x") } } }),
    ).resolves.toMatchObject({ object: "page" });
  });

  it("adds comments to a page and replies in the discussion", async () => {
    const page = await ctx.notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Notes") } } });
    const first = await ctx.notion.comments.create({ parent: { page_id: page.id }, rich_text: text("Looks good") });
    const reply = await ctx.notion.comments.create({
      discussion_id: (first as { discussion_id: string }).discussion_id,
      rich_text: text("Thanks"),
    });
    expect(reply).toMatchObject({
      parent: { type: "page_id", page_id: page.id },
      discussion_id: (first as { discussion_id: string }).discussion_id,
    });
    const all = await collectPaginatedAPI(ctx.notion.comments.list, { block_id: page.id });
    expect(all.map((x) => (x as { rich_text: Array<{ plain_text: string }> }).rich_text[0]?.plain_text)).toEqual(["Looks good", "Thanks"]);
    await expect(ctx.notion.comments.create({ parent: { page_id: page.id }, rich_text: text("x".repeat(2001)) })).rejects.toMatchObject({
      code: "validation_error",
    });
  });

  it("speaks the 2022-06-28 shapes: databases with properties, database_id parents, /databases/:id/query, search for databases", async () => {
    const legacy = new Client({ auth: ctx.token, baseUrl: ctx.sb.url, notionVersion: "2022-06-28", retry: false });
    const root = await legacy.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Old") } } });
    const db = (await legacy.request({
      path: "databases",
      method: "post",
      body: { parent: { page_id: root.id }, title: text("Worlds"), properties: { Name: { title: {} }, Size: { number: {} } } },
    })) as { id: string; properties: Record<string, unknown>; archived: boolean };
    expect(db.properties).toHaveProperty("Size");
    expect(db.archived).toBe(false);
    const row = (await legacy.pages.create({
      parent: { database_id: db.id },
      properties: { Name: { title: text("Earth") }, Size: { number: 3 } },
    })) as unknown as AnyPage;
    expect(row.parent).toEqual({ type: "database_id", database_id: db.id });
    const result = (await legacy.request({
      path: `databases/${db.id}/query`,
      method: "post",
      body: { filter: { property: "Size", number: { greater_than: 2 } } },
    })) as {
      type: string;
      results: Array<{ id: string }>;
    };
    expect(result).toMatchObject({ type: "page_or_database", results: [{ id: row.id }] });
    const found = await legacy.search({ query: "worl", filter: { property: "object", value: "database" as never } });
    expect(found.results).toMatchObject([{ object: "database", id: db.id }]);
    // The newer versions answer the old query path with invalid_request_url and search data sources instead.
    await expect(ctx.notion.request({ path: `databases/${db.id}/query`, method: "post", body: {} })).rejects.toMatchObject({
      code: "invalid_request_url",
    });
    const modern = await ctx.notion.search({ query: "worl", filter: { property: "object", value: "data_source" } });
    expect(modern.results).toMatchObject([{ object: "data_source" }]);
  });

  it("drops `archived` from objects in 2026-03-11", async () => {
    const newest = new Client({ auth: ctx.token, baseUrl: ctx.sb.url, notionVersion: "2026-03-11", retry: false });
    const page = (await newest.pages.create({
      parent: { workspace: true },
      properties: { title: { title: text("New") } },
    })) as unknown as Record<string, unknown>;
    expect(page.in_trash).toBe(false);
    expect(page).not.toHaveProperty("archived");
  });
});
