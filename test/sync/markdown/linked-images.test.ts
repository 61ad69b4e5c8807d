import { describe, expect, it } from "vitest";
import {
  type AppendChildren,
  type Block,
  blockHash,
  blocksToPlainText,
  executePlan,
  markdownToBlocks,
  planAppends,
  type RichText,
} from "../../../src/sync/markdown/index.ts";
import { useNotion } from "../../helpers/sandbox.ts";
import { p, para, t } from "./build.ts";
import { fakeNotion } from "./fake-notion.ts";
import { readTree, sourceWords, urlForms, urlsOf } from "./helpers.ts";

/** Images inside links: README badges, `[![alt](image-url)](link-url)`. */

const BUILD = "https://ci.example/badge.svg";
const RUNS = "https://ci.example/runs";
const COV = "https://cov.example/badge.svg";
const REPORT = "https://cov.example/report";
const NPM = "https://img.shields.io/npm/v/ferry.svg";
const PKG = "https://www.npmjs.com/package/ferry";

const image = (url: string, ...caption: RichText[]): Block => ({ type: "image", image: { type: "external", external: { url }, caption } });
const badge = (alt: string, url: string, link: string): Block => image(url, t(alt, {}, link));
/** How a badge reads where only text can go (a table cell, a heading): its alt text to the link, then `(image)` to the image. */
const named = (alt: string, url: string, link: string): RichText[] => [t(alt, {}, link), t(" ("), t("image", {}, url), t(")")];

const README = `# Ferry

[![build](${BUILD})](${RUNS}) [![coverage](${COV})](${REPORT}) [![npm][npm-img]][npm]

Ferry pushes notes into Notion.

[npm-img]: ${NPM}
[npm]: ${PKG}
`;

describe("images inside links", () => {
  it("makes a single badge an image block, its alt text in the caption linked to the link's URL", () => {
    expect(markdownToBlocks(`[![build](${BUILD})](${RUNS})`)).toEqual([badge("build", BUILD, RUNS)]);
    expect(markdownToBlocks(`[![build](${BUILD} "Build status")](${RUNS} "CI")`)).toEqual([
      image(BUILD, t("build — Build status", {}, RUNS)),
    ]);
    expect(markdownToBlocks(`[![](${BUILD})](${RUNS})`)).toEqual([badge(RUNS, BUILD, RUNS)]);
  });

  it("makes a row of badges one image block each, leaving out the separators between them but not the text around them", () => {
    const row = `Status: [![build](${BUILD})](${RUNS}) | [![coverage](${COV})](${REPORT}) · [![npm](${NPM})](${PKG})\n[![again](${BUILD})](${RUNS}) — see below`;
    expect(markdownToBlocks(row)).toEqual([
      para("Status: "),
      badge("build", BUILD, RUNS),
      badge("coverage", COV, REPORT),
      badge("npm", NPM, PKG),
      badge("again", BUILD, RUNS),
      para(" — see below"),
    ]);
    expect(markdownToBlocks(`| [![build](${BUILD})](${RUNS}) | [![coverage](${COV})](${REPORT}) |`)).toEqual([
      badge("build", BUILD, RUNS),
      badge("coverage", COV, REPORT),
    ]);
    expect(markdownToBlocks(`[![build](${BUILD})](${RUNS})&nbsp;&nbsp;[![coverage](${COV})](${REPORT})`)).toEqual([
      badge("build", BUILD, RUNS),
      badge("coverage", COV, REPORT),
    ]);
  });

  it("puts a list item's badges under it, after its text", () => {
    expect(markdownToBlocks(`- CI: [![build](${BUILD})](${RUNS}) [![coverage](${COV})](${REPORT})\n- [![npm](${NPM})](${PKG})`)).toEqual([
      {
        type: "bulleted_list_item",
        bulleted_list_item: { rich_text: [t("CI: ")] },
        children: [badge("build", BUILD, RUNS), badge("coverage", COV, REPORT)],
      },
      { type: "bulleted_list_item", bulleted_list_item: { rich_text: [] }, children: [badge("npm", NPM, PKG)] },
    ]);
  });

  it("names a badge in a table cell or a heading by its alt text linked to the link, then (image) linked to the image", () => {
    const md = `| Package | Status |\n|---|---|\n| ferry | [![build](${BUILD})](${RUNS}) [![coverage](${COV})](${REPORT}) |`;
    expect(markdownToBlocks(md)).toEqual([
      {
        type: "table",
        table: { table_width: 2, has_column_header: true, has_row_header: false },
        children: [
          { type: "table_row", table_row: { cells: [[t("Package")], [t("Status")]] } },
          {
            type: "table_row",
            table_row: {
              cells: [
                [t("ferry")],
                [
                  t("build", {}, RUNS),
                  t(" ("),
                  t("image", {}, BUILD),
                  t(") "),
                  t("coverage", {}, REPORT),
                  t(" ("),
                  t("image", {}, COV),
                  t(")"),
                ],
              ],
            },
          },
        ],
      },
    ]);
    expect(markdownToBlocks(`## Ferry [![npm](${NPM})](${PKG})`)).toEqual([
      { type: "heading_2", heading_2: { rich_text: [t("Ferry "), ...named("npm", NPM, PKG)] } },
    ]);
    expect(markdownToBlocks(`| a |\n|---|\n| [![](${BUILD})](${RUNS}) |`)[0]?.children?.[1]).toEqual({
      type: "table_row",
      table_row: { cells: [named(RUNS, BUILD, RUNS)] },
    });
  });

  it("splits a link around the image it wraps: the image block, then the link's text, still linked", () => {
    expect(markdownToBlocks(`[![logo](https://ferry.example/logo.png) Ferry](https://ferry.example) syncs notes.`)).toEqual([
      badge("logo", "https://ferry.example/logo.png", "https://ferry.example"),
      p(t(" Ferry", {}, "https://ferry.example"), t(" syncs notes.")),
    ]);
    expect(markdownToBlocks(`Made by **[Ferry ![logo](https://ferry.example/logo.png) Inc](https://ferry.example)**.`)).toEqual([
      p(t("Made by "), t("Ferry ", { bold: true }, "https://ferry.example")),
      badge("logo", "https://ferry.example/logo.png", "https://ferry.example"),
      p(t(" Inc", { bold: true }, "https://ferry.example"), t(".")),
    ]);
  });

  it("resolves reference-style images and links, in every combination", () => {
    const md = `[![build][b]][r] [![coverage](${COV})][c] [![npm][n]](${PKG}) [![b][]][r] [![b]][c]

[b]: ${BUILD} "Build"
[r]: ${RUNS}
[c]: ${REPORT}
[n]: ${NPM}`;
    expect(markdownToBlocks(md)).toEqual([
      image(BUILD, t("build — Build", {}, RUNS)),
      badge("coverage", COV, REPORT),
      badge("npm", NPM, PKG),
      image(BUILD, t("b — Build", {}, RUNS)),
      image(BUILD, t("b — Build", {}, REPORT)),
    ]);
  });

  it("keeps an image whose URL Notion refuses as its markdown, linked to the link's URL", () => {
    expect(markdownToBlocks(`[![logo](docs/logo.png)](https://ferry.example) [![x](data:image/png;base64,AA)](${RUNS})`)).toEqual([
      p(t("![logo](docs/logo.png)", {}, "https://ferry.example"), t(" "), t("![x](data:image/png;base64,AA)", {}, RUNS)),
    ]);
    expect(markdownToBlocks(`[![ftp](ftp://files.example/a.png)][r]\n\n[r]: ${RUNS}`)).toEqual([
      p(t("![ftp](ftp://files.example/a.png)", {}, RUNS)),
    ]);
    const long = `https://img.example/${"x".repeat(2000)}.png`;
    const shown = `![long](${long})`;
    expect(markdownToBlocks(`[![long](${long})](${RUNS})`)).toEqual([p(t(shown.slice(0, 2000), {}, RUNS), t(shown.slice(2000), {}, RUNS))]);
  });

  it("keeps a link Notion refuses, around an image it can show, in the caption as text", () => {
    expect(markdownToBlocks(`[![build](${BUILD})](docs/ci.md) [![](${COV})](docs/cov.md)`)).toEqual([
      image(BUILD, t("build (docs/ci.md)")),
      image(COV, t("docs/cov.md")),
    ]);
  });

  it("gives an unchanged note the same blocks and hashes every time, and a changed badge a new hash for its block only", () => {
    const first = markdownToBlocks(README);
    expect(markdownToBlocks(README)).toEqual(first);
    expect(markdownToBlocks(README).map(blockHash)).toEqual(first.map(blockHash));
    const changed = markdownToBlocks(README.replace(`(${REPORT})`, "(https://cov.example/other)")).map(blockHash);
    expect(changed.filter((h, i) => h !== first.map(blockHash)[i])).toHaveLength(1);
    expect(changed).toHaveLength(first.length);
  });

  it("plans the blocks so that executing the plan rebuilds them exactly", async () => {
    const blocks = markdownToBlocks(`${README}\n- [![build](${BUILD})](${RUNS})\n`);
    const notion = fakeNotion();
    await executePlan(planAppends(blocks), "page", notion.append);
    expect(notion.tree("page")).toEqual(blocks);
  });
});

describe("a README's badges through the sandbox's Notion", () => {
  const ctx = useNotion();

  it("are accepted, and every image and link URL reads back", async () => {
    const md = `${README}\n| a | b |\n|---|---|\n| [![build](${BUILD})](${RUNS}) | [![logo](docs/logo.png)](https://ferry.example) |\n\n- [![coverage](${COV})](${REPORT}) x\n`;
    const blocks = markdownToBlocks(md);
    const page = await ctx.notion.pages.create({
      parent: { workspace: true },
      properties: { title: { title: [{ text: { content: "README" } }] } },
    });
    const append: AppendChildren = async (block_id, children) => {
      const res = await ctx.notion.blocks.children.append({ block_id, children });
      return res.results.map((b) => b.id);
    };
    await executePlan(planAppends(blocks), page.id, append);
    const tree = await readTree(ctx.notion, page.id);
    expect(blocksToPlainText(tree)).toBe(blocksToPlainText(blocks));
    const text = blocksToPlainText(tree);
    const links = new Set(urlsOf(tree));
    const source = sourceWords(md).urls;
    expect(source.length).toBeGreaterThanOrEqual(9);
    expect(source.filter((url) => !text.includes(url) && !urlForms(url).some((u) => links.has(u)))).toEqual([]);
  });
});
