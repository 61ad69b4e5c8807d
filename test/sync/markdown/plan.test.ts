import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Block, executePlan, markdownToBlocks, planAppends } from "../../../src/sync/markdown/index.ts";
import { para } from "./build.ts";
import { fakeNotion } from "./fake-notion.ts";
import { GENERATED } from "./generated.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/markdown/${name}`, import.meta.url), "utf8");

const list = (n: number, children = 0): Block[] =>
  Array.from({ length: n }, (_, i) => ({
    type: "bulleted_list_item",
    bulleted_list_item: { rich_text: [] },
    ...(children > 0 ? { children: Array.from({ length: children }, (_, j) => para(`${i}.${j}`)) } : {}),
  }));

describe("planning appends", () => {
  it("batches top-level blocks 100 at a time", () => {
    const plan = planAppends(Array.from({ length: 250 }, (_, i) => para(`p${i}`)));
    expect(plan.map((r) => [r.parent, r.children.length])).toEqual([
      [null, 100],
      [null, 100],
      [null, 50],
    ]);
  });

  it("sends children inside their parent up to 100, and the rest under the parent's id", () => {
    const plan = planAppends(list(1, 150));
    expect(plan.map((r) => [r.parent, r.children.length])).toEqual([
      [null, 1],
      [{ request: 0, index: 0 }, 50],
    ]);
    expect(plan[0]?.children[0]).toMatchObject({ bulleted_list_item: { children: expect.any(Array) } });
  });

  it("keeps a request within 1000 elements", () => {
    const plan = planAppends(list(20, 100));
    expect(plan.map((r) => r.children.length)).toEqual([9, 9, 2]);
  });

  it("sends a block with grandchildren alone, then each level under the ids the previous append returned", () => {
    const plan = planAppends(markdownToBlocks("- a\n  - b\n    - c\n      - d\n- e"));
    expect(plan.map((r) => [r.parent, r.children.length])).toEqual([
      [null, 2],
      [{ request: 0, index: 0 }, 1],
      [{ request: 1, index: 0 }, 1],
    ]);
    expect(plan[0]?.children[0]).not.toHaveProperty("bulleted_list_item.children");
    expect(plan[2]?.children[0]).toMatchObject({ bulleted_list_item: { children: [{ type: "bulleted_list_item" }] } });
  });

  const documents = {
    "deep-nesting.md": fixture("deep-nesting.md"),
    "many-paragraphs.md": fixture("many-paragraphs.md"),
    "big-table.md": fixture("big-table.md"),
    ...GENERATED,
  };

  it.each(Object.entries(documents))("%s: executing the plan rebuilds exactly the converted tree within every limit", async (_, md) => {
    const blocks = markdownToBlocks(md);
    const notion = fakeNotion();
    const top = await executePlan(planAppends(blocks), "page", notion.append);
    expect(top).toHaveLength(blocks.length);
    expect(notion.tree("page")).toEqual(blocks);
  });

  it("inserts after a given block, each batch after the previous one", async () => {
    const notion = fakeNotion();
    const [x, y] = await notion.append("page", [para("x"), para("y")] as never);
    const blocks = Array.from({ length: 250 }, (_, i) => para(`p${i}`));
    await executePlan(planAppends(blocks), "page", notion.append, x);
    expect(notion.tree("page")).toEqual([para("x"), ...blocks, para("y")]);
    expect(notion.store.get("page")?.children.at(-1)).toBe(y);
  });
});
