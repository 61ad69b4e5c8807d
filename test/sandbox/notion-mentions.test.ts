import { APIErrorCode } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { useNotion } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];
const ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };
const hex = (id: string) => id.replaceAll("-", "");

/** Mentions and equations in title and rich-text property values, as Notion takes and shows them. */
describe("sandbox: mentions and equations in rich-text properties", () => {
  const ctx = useNotion();

  async function setup() {
    const root = await ctx.notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Story") } } });
    const db = await ctx.notion.databases.create({
      parent: { type: "page_id", page_id: root.id },
      title: text("Cast"),
      initial_data_source: { properties: { Name: { title: {} }, Notes: { rich_text: {} } } },
    });
    const me = await ctx.notion.users.me({});
    return { root, db, dsId: (db as { data_sources: Array<{ id: string }> }).data_sources[0]?.id as string, me };
  }

  it("takes every documented mention kind and an equation, and answers them in Notion's shape", async () => {
    const { root, db, dsId, me } = await setup();
    const row = await ctx.notion.pages.create({
      parent: { data_source_id: dsId },
      properties: {
        Name: { title: [...text("Ada and "), { type: "equation", equation: { expression: "E = mc^2" } }] },
        Notes: {
          rich_text: [
            { type: "mention", mention: { type: "user", user: { id: me.id } } },
            { mention: { page: { id: hex(root.id) } }, annotations: { bold: true } },
            { type: "mention", mention: { type: "database", database: { id: db.id } } },
            { type: "mention", mention: { type: "date", date: { start: "2026-03-10", end: "2026-03-11" } } },
            // The client's request types leave link_preview out; Notion's mention object lists it.
            { type: "mention", mention: { type: "link_preview", link_preview: { url: "https://example.com/a" } } } as never,
            {
              type: "mention",
              mention: { type: "template_mention", template_mention: { type: "template_mention_date", template_mention_date: "today" } },
            },
            {
              type: "mention",
              mention: { type: "template_mention", template_mention: { type: "template_mention_user", template_mention_user: "me" } },
            },
          ],
        },
      },
    });
    const props = (row as unknown as { properties: unknown }).properties as Record<
      string,
      { id: string; title?: unknown[]; rich_text?: unknown[] }
    >;
    expect(props.Name?.title).toEqual([
      { type: "text", text: { content: "Ada and ", link: null }, annotations: ANNOTATIONS, plain_text: "Ada and ", href: null },
      { type: "equation", equation: { expression: "E = mc^2" }, annotations: ANNOTATIONS, plain_text: "E = mc^2", href: null },
    ]);
    expect(props.Notes?.rich_text).toEqual([
      {
        type: "mention",
        mention: { type: "user", user: { object: "user", id: me.id } },
        annotations: ANNOTATIONS,
        plain_text: "@Sandbox Integration",
        href: null,
      },
      {
        type: "mention",
        mention: { type: "page", page: { id: root.id } },
        annotations: { ...ANNOTATIONS, bold: true },
        plain_text: "Story",
        href: `https://www.notion.so/${hex(root.id)}`,
      },
      {
        type: "mention",
        mention: { type: "database", database: { id: db.id } },
        annotations: ANNOTATIONS,
        plain_text: "Cast",
        href: `https://www.notion.so/${hex(db.id)}`,
      },
      {
        type: "mention",
        mention: { type: "date", date: { start: "2026-03-10", end: "2026-03-11", time_zone: null } },
        annotations: ANNOTATIONS,
        plain_text: "2026-03-10 → 2026-03-11",
        href: null,
      },
      {
        type: "mention",
        mention: { type: "link_preview", link_preview: { url: "https://example.com/a" } },
        annotations: ANNOTATIONS,
        plain_text: "https://example.com/a",
        href: "https://example.com/a",
      },
      {
        type: "mention",
        mention: { type: "template_mention", template_mention: { type: "template_mention_date", template_mention_date: "today" } },
        annotations: ANNOTATIONS,
        plain_text: "@Today",
        href: null,
      },
      {
        type: "mention",
        mention: { type: "template_mention", template_mention: { type: "template_mention_user", template_mention_user: "me" } },
        annotations: ANNOTATIONS,
        plain_text: "@Me",
        href: null,
      },
    ]);
    // The title's plain text carries the equation; queries and the property item endpoint see the items.
    const found = await ctx.notion.dataSources.query({ data_source_id: dsId, filter: { property: "Name", title: { contains: "mc^2" } } });
    expect(found.results.map((r) => r.id)).toEqual([row.id]);
    const items = await ctx.notion.pages.properties.retrieve({ page_id: row.id, property_id: props.Notes?.id as string });
    expect((items as unknown as { results: Array<{ rich_text: unknown }> }).results.map((r) => r.rich_text)).toEqual(
      props.Notes?.rich_text,
    );
  });

  it("takes mentions on update and on a plain page's title, and names unknown targets as Notion does", async () => {
    const { root } = await setup();
    const updated = await ctx.notion.pages.update({
      page_id: root.id,
      properties: {
        title: {
          title: [
            ...text("See "),
            { mention: { user: { id: "00000000-0000-4000-8000-000000000000" } } },
            { mention: { page: { id: "00000000-0000-4000-8000-000000000001" } } },
          ],
        },
      },
    });
    expect(((updated as unknown as { properties: unknown }).properties as Record<string, { title: unknown[] }>).title?.title).toMatchObject(
      [
        { plain_text: "See " },
        { type: "mention", plain_text: "@Anonymous" },
        { type: "mention", plain_text: "Untitled", href: "https://www.notion.so/00000000000040008000000000000001" },
      ],
    );
  });

  it("refuses malformed mentions and equations with a named field", async () => {
    const { dsId } = await setup();
    const bad = [
      [{ type: "mention", mention: { type: "user" } }, /body\.properties\.Notes\.rich_text\[0\]\.mention\.user should be an object/],
      [{ type: "mention", mention: { type: "page", page: { id: "nope" } } }, /mention\.page\.id should be a valid uuid/],
      [{ type: "mention", mention: { type: "emoji", emoji: {} } }, /mention\.type should be one of/],
      [{ type: "mention", mention: { date: { start: "soon" } } }, /mention\.date\.start should be an ISO 8601 date/],
      [
        { type: "mention", mention: { template_mention: { type: "template_mention_date", template_mention_date: "later" } } },
        /template_mention_date should be/,
      ],
      [{ type: "equation", equation: { expression: "x".repeat(1001) } }, /equation\.expression\.length should be ≤ `1000`/],
      [{ type: "equation", equation: {} }, /equation\.expression should be a string/],
      [{ type: "emoji", emoji: "x" }, /rich_text\[0\]\.type should be `"text"`, `"mention"` or `"equation"`/],
    ] as const;
    for (const [item, message] of bad) {
      await expect(
        ctx.notion.pages.create({ parent: { data_source_id: dsId }, properties: { Notes: { rich_text: [item as never] } } }),
      ).rejects.toMatchObject({ code: APIErrorCode.ValidationError, message: expect.stringMatching(message) });
    }
  });
});
