import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AppendChildren, blocksToPlainText, executePlan, markdownToBlocks, planAppends } from "../../../src/sync/markdown/index.ts";
import { useNotion } from "../../helpers/sandbox.ts";
import { GENERATED } from "./generated.ts";
import { missingWords, readTree, sourceWords, summary, urlForms, urlsOf, words } from "./helpers.ts";

const dir = new URL("../../fixtures/markdown/", import.meta.url);
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith(".md"))
  .sort();

/** The corpus through the sandbox's Notion, which validates requests as Notion does. */
describe("markdown corpus → Notion pages", () => {
  const ctx = useNotion();

  it("has the documents the issue asks for", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
  });

  /** Creates a page from `md` through the plan, reads it back, and checks that nothing was lost. */
  async function roundTrip(title: string, md: string): Promise<void> {
    const blocks = markdownToBlocks(md);
    const page = await ctx.notion.pages.create({
      parent: { workspace: true },
      properties: { title: { title: [{ text: { content: title } }] } },
    });
    let requests = 0;
    const append: AppendChildren = async (block_id, children) => {
      requests++;
      const res = await ctx.notion.blocks.children.append({ block_id, children });
      return res.results.map((b) => b.id);
    };
    const plan = planAppends(blocks);
    const top = await executePlan(plan, page.id, append);
    expect(requests).toBe(plan.length);
    expect(top).toHaveLength(blocks.length);

    const tree = await readTree(ctx.notion, page.id);
    expect(blocksToPlainText(tree)).toBe(blocksToPlainText(blocks));
    expect(tree.map(summary)).toEqual(blocks.map(summary));

    const source = sourceWords(md);
    const pageText = blocksToPlainText(tree);
    expect(missingWords(source.text, words(pageText))).toEqual([]);
    const links = new Set(urlsOf(tree));
    expect(source.urls.filter((url) => !pageText.includes(url) && !urlForms(url).some((u) => links.has(u)))).toEqual([]);
  }

  it.each(corpus)("%s: every planned request is accepted, and the page reads back with all its text", async (file) => {
    await roundTrip(file, readFileSync(new URL(file, dir), "utf8"));
  });

  it.each(Object.entries(GENERATED))(
    "%s: every planned request is accepted, and the page reads back with all its text",
    async (name, md) => {
      await roundTrip(name, md);
    },
  );
});
