import { describe, expect, it } from "vitest";
import type { NotionLanguage } from "../../../src/sync/markdown/code-language.ts";
import { type Block, markdownToBlocks } from "../../../src/sync/markdown/index.ts";
import { p, para, t } from "./build.ts";

const item = (type: "bulleted_list_item" | "numbered_list_item" | "quote", content: string, children?: Block[]): Block =>
  ({ type, [type]: { rich_text: content ? [t(content)] : [] }, ...(children ? { children } : {}) }) as unknown as Block;
const todo = (content: string, checked: boolean, children?: Block[]): Block => ({
  type: "to_do",
  to_do: { rich_text: [t(content)], checked },
  ...(children ? { children } : {}),
});
const code = (content: string, language: NotionLanguage, caption?: string): Block => ({
  type: "code",
  code: { rich_text: [t(content)], language, ...(caption ? { caption: [t(caption)] } : {}) },
});
const row = (...cells: string[]): Block => ({ type: "table_row", table_row: { cells: cells.map((c) => (c ? [t(c)] : [])) } });

describe("markdown blocks → Notion blocks", () => {
  it("maps headings 1–3 to heading_1–3 and 4–6 to heading_3", () => {
    expect(markdownToBlocks("# a\n## b\n### c\n#### d\n##### e\n###### f")).toEqual([
      { type: "heading_1", heading_1: { rich_text: [t("a")] } },
      { type: "heading_2", heading_2: { rich_text: [t("b")] } },
      ...["c", "d", "e", "f"].map((x) => ({ type: "heading_3", heading_3: { rich_text: [t(x)] } })),
    ]);
  });

  it("nests lists as children, with GFM task items as to-dos", () => {
    expect(markdownToBlocks("- a\n  - b\n    1. c\n- [x] d\n  - [ ] e\n\n1. one\n2. two")).toEqual([
      item("bulleted_list_item", "a", [item("bulleted_list_item", "b", [item("numbered_list_item", "c")])]),
      todo("d", true, [todo("e", false)]),
      item("numbered_list_item", "one"),
      item("numbered_list_item", "two"),
    ]);
  });

  it("puts a list item's further paragraphs and blocks under it", () => {
    expect(markdownToBlocks("- first\n\n  second\n\n  ```\n  x\n  ```")).toEqual([
      item("bulleted_list_item", "first", [para("second"), code("x", "plain text")]),
    ]);
  });

  it("makes a quote's first paragraph its text and the rest its children, nested quotes included", () => {
    expect(markdownToBlocks("> a\n>\n> b\n> - c\n> > d")).toEqual([
      item("quote", "a", [para("b"), item("bulleted_list_item", "c"), item("quote", "d")]),
    ]);
    expect(markdownToBlocks("> - only a list")).toEqual([item("quote", "", [item("bulleted_list_item", "only a list")])]);
  });

  it("maps code languages to Notion's names, showing unknown ones and fence text in the caption", () => {
    expect(markdownToBlocks("```js\n1\n```\n```TS\n2\n```\n```bash\n3\n```\n```zsh\n4\n```\n```yml\n5\n```\n```\n6\n```")).toEqual([
      code("1", "javascript"),
      code("2", "typescript"),
      code("3", "bash"),
      code("4", "shell"),
      code("5", "yaml"),
      code("6", "plain text"),
    ]);
    expect(markdownToBlocks('```brainfuck\n+\n```\n```py title="a.py"\nx\n```')).toEqual([
      code("+", "plain text", "brainfuck"),
      code("x", "python", 'title="a.py"'),
    ]);
  });

  it("keeps a long code block whole across 2000-character items", () => {
    const body = "x".repeat(10_000);
    const [block] = markdownToBlocks(`\`\`\`\n${body}\n\`\`\``);
    expect(block).toEqual({
      type: "code",
      code: { rich_text: Array.from({ length: 5 }, () => t("x".repeat(2000))), language: "plain text" },
    });
  });

  it("makes tables with a column header, padding short rows; alignment is not kept", () => {
    expect(markdownToBlocks("| a | b |\n|:--|--:|\n| 1 |\n| 2 | **3** |")).toEqual([
      {
        type: "table",
        table: { table_width: 2, has_column_header: true, has_row_header: false },
        children: [row("a", "b"), row("1", ""), { type: "table_row", table_row: { cells: [[t("2")], [t("3", { bold: true })]] } }],
      },
    ]);
  });

  it("degrades a table wider than 100 columns to one paragraph per row", () => {
    const cols = Array.from({ length: 101 }, (_, i) => `c${i}`);
    const md = `| ${cols.join(" | ")} |\n|${"---|".repeat(101)}\n| ${cols.map((c) => c.toUpperCase()).join(" | ")} |`;
    expect(markdownToBlocks(md)).toEqual([para(cols.join(" | ")), para(cols.map((c) => c.toUpperCase()).join(" | "))]);
  });

  it("makes images with an http(s) URL image blocks, out of the paragraph around them; others stay visible as text", () => {
    expect(markdownToBlocks('before ![alt](https://img.example/a.png "T") after')).toEqual([
      para("before "),
      { type: "image", image: { type: "external", external: { url: "https://img.example/a.png" }, caption: [t("alt — T")] } },
      para(" after"),
    ]);
    expect(markdownToBlocks("![x](data:image/png;base64,AA) ![y](pic.png)")).toEqual([
      para("![x](data:image/png;base64,AA) ![y](pic.png)"),
    ]);
    expect(markdownToBlocks("# see ![logo](https://img.example/l.png)")).toEqual([
      { type: "heading_1", heading_1: { rich_text: [t("see "), t("logo", {}, "https://img.example/l.png")] } },
    ]);
  });

  it("maps thematic breaks to dividers and shows raw HTML as an html code block", () => {
    expect(markdownToBlocks("a\n\n---\n\n<div>\nhi\n</div>")).toEqual([
      para("a"),
      { type: "divider", divider: {} },
      code("<div>\nhi\n</div>", "html"),
    ]);
  });

  it("shows footnotes where they are defined, and link definitions no link uses", () => {
    expect(markdownToBlocks("x[^1] [l][d]\n\n[^1]: note\n\n    more\n\n[d]: https://d.example\n[u]: https://u.example 'T'")).toEqual([
      p(t("x[^1] "), t("l", {}, "https://d.example")),
      para("[^1]: note"),
      para("more"),
      para('[u]: https://u.example "T"'),
    ]);
  });

  it("gives an empty document no blocks", () => {
    expect(markdownToBlocks("")).toEqual([]);
    expect(markdownToBlocks("  \n\n ")).toEqual([]);
  });
});
