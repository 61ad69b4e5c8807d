import { APIErrorCode, Client, collectPaginatedAPI } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { useNotion } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];
const para = (content: string) => ({ type: "paragraph" as const, paragraph: { rich_text: text(content) } });

/** Pages and blocks through the official client, with Notion's limits. */
describe("sandbox: Notion pages and blocks with @notionhq/client", () => {
  const ctx = useNotion();
  const sb = ctx.sb;

  const root = () => ctx.notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Notic Sync") } } });

  it("creates pages under the workspace and under a page, with children, and retrieves them", async () => {
    const top = await root();
    expect(top).toMatchObject({ object: "page", parent: { type: "workspace", workspace: true }, in_trash: false });
    expect((top as { url: string }).url).toBe(`https://www.notion.so/Notic-Sync-${top.id.replaceAll("-", "")}`);
    const child = await ctx.notion.pages.create({
      parent: { page_id: top.id },
      properties: { title: { title: text("Folder") } },
      children: [para("one"), { type: "bulleted_list_item", bulleted_list_item: { rich_text: text("two"), children: [para("nested")] } }],
    });
    expect(await ctx.notion.pages.retrieve({ page_id: child.id })).toMatchObject({
      id: child.id,
      parent: { type: "page_id", page_id: top.id },
    });
    const kids = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: child.id });
    expect(kids.map((b) => ("type" in b ? b.type : ""))).toEqual(["paragraph", "bulleted_list_item"]);
    expect(kids[1]).toMatchObject({ has_children: true });
    const topKids = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: top.id });
    expect(topKids).toMatchObject([{ type: "child_page", child_page: { title: "Folder" } }]);
    expect((top as { last_edited_time: string }).last_edited_time).toMatch(/:00\.000Z$/);
  });

  it("lists children with cursor pagination in order and appends at a position", async () => {
    const page = await root();
    await ctx.notion.blocks.children.append({ block_id: page.id, children: Array.from({ length: 100 }, (_, i) => para(`p${i}`)) });
    const firstPage = await ctx.notion.blocks.children.list({ block_id: page.id, page_size: 30 });
    expect(firstPage.has_more).toBe(true);
    const all = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: page.id, page_size: 30 });
    const contents = all.map((b) => (b as { paragraph: { rich_text: Array<{ plain_text: string }> } }).paragraph.rich_text[0]?.plain_text);
    expect(contents).toEqual(Array.from({ length: 100 }, (_, i) => `p${i}`));
    const p0 = all[0]?.id as string;
    await ctx.notion.blocks.children.append({
      block_id: page.id,
      children: [para("after p0")],
      position: { type: "after_block", after_block: { id: p0 } },
    });
    await ctx.notion.blocks.children.append({ block_id: page.id, children: [para("first")], position: { type: "start" } });
    const again = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: page.id });
    expect(
      again.slice(0, 3).map((b) => (b as { paragraph: { rich_text: Array<{ plain_text: string }> } }).paragraph.rich_text[0]?.plain_text),
    ).toEqual(["first", "p0", "after p0"]);
  });

  it("rejects 101 children, 2001-character text and three nesting levels with validation_error", async () => {
    const page = await root();
    const tooMany = ctx.notion.blocks.children.append({ block_id: page.id, children: Array.from({ length: 101 }, () => para("x")) });
    await expect(tooMany).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
      status: 400,
      message: "body failed validation: body.children.length should be ≤ `100`, instead was `101`.",
    });
    await expect(ctx.notion.blocks.children.append({ block_id: page.id, children: [para("y".repeat(2001))] })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
      message: expect.stringContaining(
        "body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`",
      ),
    });
    const deep = {
      type: "toggle" as const,
      toggle: { rich_text: text("a"), children: [{ type: "toggle" as const, toggle: { rich_text: text("b"), children: [para("c")] } }] },
    };
    await expect(ctx.notion.blocks.children.append({ block_id: page.id, children: [deep] })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
    });
    const longEquation = { type: "equation" as const, equation: { expression: "x".repeat(1001) } };
    await expect(ctx.notion.blocks.children.append({ block_id: page.id, children: [longEquation] })).rejects.toMatchObject({
      message: expect.stringContaining("body.children[0].equation.expression.length should be ≤ `1000`, instead was `1001`"),
    });
    const longUrl = { type: "bookmark" as const, bookmark: { url: `https://example.com/${"x".repeat(2000)}` } };
    await expect(ctx.notion.blocks.children.append({ block_id: page.id, children: [longUrl] })).rejects.toMatchObject({
      message: expect.stringContaining("body.children[0].bookmark.url should be a URL of at most 2000 characters"),
    });
    expect(await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: page.id })).toEqual([]);
  });

  it("answers table rows' cells as rich text, and rejects cells that are not an array", async () => {
    const page = await root();
    const [table] = (
      await ctx.notion.blocks.children.append({
        block_id: page.id,
        children: [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b")] } }] } }],
      })
    ).results;
    const [row] = await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: table?.id as string });
    expect(row).toMatchObject({ type: "table_row", table_row: { cells: [[{ plain_text: "a", href: null }], [{ plain_text: "b" }]] } });
    const bad = ctx.notion.blocks.children.append({ block_id: page.id, children: [{ table_row: { cells: "a" } } as never] });
    await expect(bad).rejects.toMatchObject({ code: APIErrorCode.ValidationError, message: expect.stringContaining("table_row.cells") });
  });

  it("updates and trashes blocks and pages; trashed ones refuse edits until restored", async () => {
    const page = await root();
    const [block] = (await ctx.notion.blocks.children.append({ block_id: page.id, children: [para("draft")] })).results;
    const updated = await ctx.notion.blocks.update({ block_id: block?.id as string, paragraph: { rich_text: text("final") } });
    expect(updated).toMatchObject({ paragraph: { rich_text: [{ plain_text: "final" }] } });
    expect(await ctx.notion.blocks.delete({ block_id: block?.id as string })).toMatchObject({ in_trash: true });
    expect(await collectPaginatedAPI(ctx.notion.blocks.children.list, { block_id: page.id })).toEqual([]);
    await ctx.notion.pages.update({ page_id: page.id, in_trash: true });
    await expect(ctx.notion.pages.update({ page_id: page.id, properties: { title: { title: text("renamed") } } })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
      message: "Can't edit block that is archived. You must unarchive the block before editing.",
    });
    await expect(ctx.notion.blocks.children.append({ block_id: page.id, children: [para("x")] })).rejects.toMatchObject({
      code: APIErrorCode.ValidationError,
    });
    await ctx.notion.pages.update({ page_id: page.id, in_trash: false });
    const renamed = await ctx.notion.pages.update({ page_id: page.id, properties: { title: { title: text("renamed") } } });
    expect(renamed).toMatchObject({ in_trash: false, properties: { title: { title: [{ plain_text: "renamed" }] } } });
  });

  it("answers unknown ids, malformed ids and malformed JSON in Notion's shapes", async () => {
    await expect(ctx.notion.pages.retrieve({ page_id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      code: APIErrorCode.ObjectNotFound,
      status: 404,
    });
    await expect(ctx.notion.blocks.retrieve({ block_id: "not-an-id" })).rejects.toMatchObject({ code: APIErrorCode.ValidationError });
    const headers = { Authorization: `Bearer ${ctx.token}`, "Notion-Version": "2025-09-03", "Content-Type": "application/json" };
    const bad = await fetch(`${sb.url}/v1/pages`, { method: "POST", headers, body: "{oops" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ object: "error", code: "invalid_json" });
    const noTitle = await fetch(`${sb.url}/v1/pages`, { method: "POST", headers, body: JSON.stringify({ parent: { workspace: true } }) });
    expect(await noTitle.json()).toMatchObject({ code: "validation_error" });
    const other = (await sb.mintNotion()).access_token;
    const page = await root();
    await expect(new Client({ auth: other, baseUrl: sb.url }).pages.retrieve({ page_id: page.id })).rejects.toMatchObject({
      code: APIErrorCode.ObjectNotFound,
    });
  });
});
