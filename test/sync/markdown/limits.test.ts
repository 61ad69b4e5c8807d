import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Block, blocksToPlainText, markdownToBlocks, type RichText } from "../../../src/sync/markdown/index.ts";
import { MAX_BLOCK_BYTES } from "../../../src/sync/markdown/limits.ts";
import { GENERATED } from "./generated.ts";

const dir = new URL("../../fixtures/markdown/", import.meta.url);
const documents: [string, string][] = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .map((f): [string, string] => [f, readFileSync(new URL(f, dir), "utf8")]),
  ...Object.entries(GENERATED),
  ["an image with a 250,000-character alt text", `![${"a".repeat(250_000)}](https://img.example/i.png)`],
  ["a heading of 300,000 characters", `## ${"word ".repeat(60_000)}`],
];

const payload = (b: Block) => (b as unknown as Record<string, Record<string, unknown>>)[b.type] ?? {};

/** Every rich-text array in a tree, with where it is. */
function* arrays(blocks: Block[], path = ""): Generator<[string, RichText[]]> {
  for (const [i, b] of blocks.entries()) {
    const p = payload(b);
    for (const key of ["rich_text", "caption"] as const) if (Array.isArray(p[key])) yield [`${path}${i}.${key}`, p[key] as RichText[]];
    for (const [j, cell] of ((p.cells ?? []) as RichText[][]).entries()) yield [`${path}${i}.cells[${j}]`, cell];
    yield* arrays(b.children ?? [], `${path}${i}/`);
  }
}

const text = (items: RichText[]) => items.map((i) => i.text.content).join("");

describe("markdown limits", () => {
  it.each(documents)("%s: every rich text is within Notion's limits and holds only text Notion takes", (_, md) => {
    for (const [where, items] of arrays(markdownToBlocks(md))) {
      expect(items.length, where).toBeLessThanOrEqual(100);
      expect(Buffer.byteLength(JSON.stringify(items)), where).toBeLessThanOrEqual(MAX_BLOCK_BYTES);
      for (const item of items) {
        expect(item.text.content.length, where).toBeLessThanOrEqual(2000);
        expect(item.text.content, where).not.toMatch(/[^\P{Cc}\n\t]/u);
        expect(item.text.content, where).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(item.text.link?.url.length ?? 0, where).toBeLessThanOrEqual(2000);
      }
    }
  });

  it("continues a paragraph or heading that needs more than 100 items in another block of its type", () => {
    const md = Array.from({ length: 150 }, (_, i) => `**b${i}** p${i}`).join(" ");
    const blocks = markdownToBlocks(md);
    expect(blocks.map((b) => b.type)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(blocksToPlainText(blocks).replaceAll("\n", "")).toBe(md.replaceAll("**", ""));
    expect(markdownToBlocks(`### ${md}`).map((b) => b.type)).toEqual(["heading_3", "heading_3", "heading_3"]);
  });

  it("continues a list item's long text in paragraphs under it, before its nested list", () => {
    const [item] = markdownToBlocks(`- ${Array.from({ length: 125 }, (_, i) => `*i${i}* p${i}`).join(" ")}\n  - nested`);
    expect(item?.type).toBe("bulleted_list_item");
    expect(item?.children?.map((c) => c.type)).toEqual(["paragraph", "paragraph", "bulleted_list_item"]);
  });

  it("keeps a 1,000,000-character code block whole across code blocks of the same language", () => {
    const md = GENERATED["a 1,000,000-character code block"] ?? "";
    const blocks = markdownToBlocks(md);
    expect(new Set(blocks.map((b) => (b.type === "code" ? b.code.language : b.type)))).toEqual(new Set(["python"]));
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.map((b) => text(payload(b).rich_text as RichText[])).join("")).toBe(md.slice(10, -4));
  });

  it("puts the rest of an image's too-long alt text in paragraphs after it", () => {
    const blocks = markdownToBlocks(`![${"a".repeat(250_000)}](https://img.example/i.png)`);
    expect(blocks[0]?.type).toBe("image");
    expect(blocks.slice(1).every((b) => b.type === "paragraph")).toBe(true);
    expect(blocksToPlainText(blocks).replaceAll("\n", "")).toBe("a".repeat(250_000));
  });
});
