import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { demoDocuments } from "../../src/demo/content/index.ts";
import { markdownToBlocks, parseMarkdown } from "../../src/sync/markdown/index.ts";

/** Every mdast node of the demo's notes, with what sits inside it. */
function nodes(): Array<{ node: Nodes; inside: string[] }> {
  const out: Array<{ node: Nodes; inside: string[] }> = [];
  const walk = (node: Nodes, inside: string[]) => {
    out.push({ node, inside });
    if ("children" in node) for (const c of node.children) walk(c as Nodes, [...inside, node.type]);
  };
  for (const d of demoDocuments()) if (d.body) walk(parseMarkdown(d.body), []);
  return out;
}

describe("the demo's content", () => {
  const all = nodes();
  const has = (pred: (n: Nodes, inside: string[]) => boolean) => all.some(({ node, inside }) => pred(node, inside));

  it("uses every markdown construct the push sync converts", () => {
    const types = new Set(all.map(({ node }) => node.type));
    for (const t of [
      "heading",
      "emphasis",
      "strong",
      "delete",
      "inlineCode",
      "link",
      "linkReference",
      "list",
      "blockquote",
      "code",
      "table",
      "image",
      "thematicBreak",
      "break",
      "footnoteReference",
      "footnoteDefinition",
    ])
      expect(types, t).toContain(t);
    for (const depth of [1, 2, 3]) expect(has((n) => n.type === "heading" && n.depth === depth)).toBe(true);
    expect(has((n) => n.type === "list" && n.ordered === true)).toBe(true);
    expect(has((n, inside) => n.type === "list" && inside.filter((t) => t === "list").length >= 1)).toBe(true);
    expect(has((n) => n.type === "listItem" && n.checked === true)).toBe(true);
    expect(has((n) => n.type === "listItem" && n.checked === false)).toBe(true);
    expect(has((n, inside) => n.type === "blockquote" && inside.includes("blockquote"))).toBe(true);
    expect(has((n) => n.type === "image" && /^https:\/\//.test(n.url))).toBe(true);
    const languages = new Set(all.flatMap(({ node }) => (node.type === "code" && node.lang ? [node.lang] : [])));
    expect([...languages].sort()).toEqual(["json", "sh", "sql", "ts"]);
  });

  it("renders to Notion blocks of every kind, images and tables included", () => {
    const types = new Set<string>();
    const walk = (blocks: ReturnType<typeof markdownToBlocks>) => {
      for (const b of blocks) {
        types.add(b.type);
        walk(b.children ?? []);
      }
    };
    for (const d of demoDocuments()) if (d.body) walk(markdownToBlocks(d.body));
    for (const t of ["heading_1", "heading_2", "heading_3", "paragraph", "bulleted_list_item", "numbered_list_item", "to_do"])
      expect(types, t).toContain(t);
    for (const t of ["quote", "code", "table", "table_row", "image", "divider"]) expect(types, t).toContain(t);
  });
});
