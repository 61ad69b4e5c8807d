import { APIErrorCode, collectPaginatedAPI } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { useNotion } from "../helpers/sandbox.ts";

const title = (content: string) => ({ title: { title: [{ type: "text" as const, text: { content } }] } });

/** Moving pages and searching them, through the official client. */
describe("sandbox: Notion page move and search", () => {
  const ctx = useNotion();
  const sb = ctx.sb;

  it("moves a page under another page, and refuses a move into its own subtree", async () => {
    const a = await ctx.notion.pages.create({ parent: { workspace: true }, properties: title("A") });
    const b = await ctx.notion.pages.create({ parent: { workspace: true }, properties: title("B") });
    const child = await ctx.notion.pages.create({ parent: { page_id: a.id }, properties: title("Child") });
    const moved = await ctx.notion.pages.move({ page_id: child.id, parent: { page_id: b.id } });
    expect(moved).toMatchObject({ parent: { type: "page_id", page_id: b.id } });
    expect((await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: a.id })).length).toBe(0);
    expect(await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: b.id })).toMatchObject([
      { id: child.id, type: "child_page" },
    ]);
    await expect(ctx.notion.pages.move({ page_id: b.id, parent: { page_id: child.id } })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
    });
    await expect(ctx.notion.pages.move({ page_id: b.id, parent: { page_id: b.id } })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
    });
  });

  it("moves a page into a data source and out again, keeping only its title", async () => {
    const home = await ctx.notion.pages.create({ parent: { workspace: true }, properties: title("Home") });
    const db = (await ctx.notion.databases.create({
      parent: { type: "page_id", page_id: home.id },
      title: [{ type: "text", text: { content: "Inbox" } }],
      initial_data_source: { properties: { Name: { title: {} }, Done: { checkbox: {} } } },
    })) as unknown as { id: string; data_sources: Array<{ id: string }> };
    const dsId = db.data_sources[0]?.id as string;
    const note = await ctx.notion.pages.create({ parent: { page_id: home.id }, properties: title("Loose note") });
    const moved = await ctx.notion.pages.move({ page_id: note.id, parent: { type: "data_source_id", data_source_id: dsId } });
    expect(moved).toMatchObject({ parent: { type: "data_source_id", data_source_id: dsId, database_id: db.id } });
    expect((moved as unknown as { properties: Record<string, unknown> }).properties).toMatchObject({
      Name: { title: [{ plain_text: "Loose note" }] },
      Done: { checkbox: false },
    });
    expect((await ctx.notion.dataSources.query({ data_source_id: dsId })).results.map((r) => r.id)).toEqual([note.id]);
    const back = await ctx.notion.pages.move({ page_id: note.id, parent: { page_id: home.id } });
    expect(Object.keys((back as unknown as { properties: object }).properties)).toEqual(["title"]);
    expect((await ctx.notion.dataSources.query({ data_source_id: dsId })).results).toHaveLength(0);
  });

  it("creates a page at a position among its siblings and locks it", async () => {
    const home = await ctx.notion.pages.create({ parent: { workspace: true }, properties: title("Home") });
    const first = await ctx.notion.pages.create({ parent: { page_id: home.id }, properties: title("first") });
    await ctx.notion.pages.create({ parent: { page_id: home.id }, properties: title("last") });
    await ctx.notion.pages.create({
      parent: { page_id: home.id },
      properties: title("second"),
      position: { type: "after_block", after_block: { id: first.id } },
    });
    await ctx.notion.pages.create({ parent: { page_id: home.id }, properties: title("zeroth"), position: { type: "page_start" } });
    const kids = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: home.id });
    expect(kids.map((k) => (k as { child_page: { title: string } }).child_page.title)).toEqual(["zeroth", "first", "second", "last"]);
    const locked = await ctx.notion.pages.update({ page_id: first.id, is_locked: true });
    expect(locked).toMatchObject({ is_locked: true });
    await expect(
      ctx.notion.pages.create({ parent: { workspace: true }, properties: title("x"), position: { type: "page_start" } }),
    ).rejects.toMatchObject({ code: APIErrorCode.ValidationError });
  });

  it("searches page titles with filters, sort by last_edited_time and pagination", async () => {
    for (const t of ["Plans 2026", "Recipes", "Old plans"]) {
      await ctx.notion.pages.create({ parent: { workspace: true }, properties: title(t) });
      await new Promise((r) => setTimeout(r, 5)); // distinct last-edited times, so the order is defined
    }
    const titles = (pages: unknown[]) =>
      pages.map((p) => (p as { properties: { title: { title: Array<{ plain_text: string }> } } }).properties.title.title[0]?.plain_text);
    const asc = await collectPaginatedAPI(ctx.notion.search, {
      query: "plans",
      page_size: 1,
      sort: { timestamp: "last_edited_time", direction: "ascending" },
    });
    expect(titles(asc)).toEqual(["Plans 2026", "Old plans"]);
    const desc = await collectPaginatedAPI(ctx.notion.search, {
      query: "PLANS",
      sort: { timestamp: "last_edited_time", direction: "descending" },
    });
    expect(titles(desc)).toEqual(["Old plans", "Plans 2026"]);
    expect(await ctx.notion.search({ filter: { property: "object", value: "data_source" } })).toMatchObject({
      results: [],
      type: "page_or_data_source",
    });
    const recipes = (await ctx.notion.search({ query: "recipes" })).results[0];
    await ctx.notion.pages.update({ page_id: recipes?.id as string, in_trash: true });
    expect((await ctx.notion.search({ query: "recipes" })).results).toHaveLength(0);
    expect((await ctx.notion.search({ query: "recipes", filter: { in_trash: true } })).results).toHaveLength(1);
    const legacy = await fetch(`${sb.url}/v1/search`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ctx.token}`, "Notion-Version": "2022-06-28", "Content-Type": "application/json" },
      body: JSON.stringify({ filter: { property: "object", value: "data_source" } }),
    });
    expect(await legacy.json()).toMatchObject({ code: "validation_error" });
  });
});
