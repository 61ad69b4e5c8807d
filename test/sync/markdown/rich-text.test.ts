import { describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../../src/sync/markdown/index.ts";
import { p, para, t } from "./build.ts";

/** Inline markdown → rich text, through one paragraph. */
const inline = (md: string) => markdownToBlocks(md);

describe("markdown inline → rich text", () => {
  it("keeps emphasis, strong, strikethrough and code spans as annotations, merging equal neighbours", () => {
    expect(inline("a **b** *c* ***d*** ~~e~~ `f` **g**")).toEqual([
      p(
        t("a "),
        t("b", { bold: true }),
        t(" "),
        t("c", { italic: true }),
        t(" "),
        t("d", { bold: true, italic: true }),
        t(" "),
        t("e", { strikethrough: true }),
        t(" "),
        t("f", { code: true }),
        t(" "),
        t("g", { bold: true }),
      ),
    ]);
    expect(inline("**one *two* three**")).toEqual([
      p(t("one ", { bold: true }), t("two", { bold: true, italic: true }), t(" three", { bold: true })),
    ]);
  });

  it("links http(s) and mailto URLs, reference links and autolinks", () => {
    expect(inline("[site](https://example.com/a?b=1) and [r][x]\n\n[x]: http://ref.example.org")).toEqual([
      p(t("site", {}, "https://example.com/a?b=1"), t(" and "), t("r", {}, "http://ref.example.org")),
    ]);
    expect(inline("<https://auto.example.com> www.literal.example and a@b.example")).toEqual([
      p(
        t("https://auto.example.com", {}, "https://auto.example.com"),
        t(" "),
        t("www.literal.example", {}, "http://www.literal.example"),
        t(" and "),
        t("a@b.example", {}, "mailto:a@b.example"),
      ),
    ]);
    expect(inline("[**bold link**](https://example.com)")).toEqual([p(t("bold link", { bold: true }, "https://example.com"))]);
  });

  it("keeps a link Notion would refuse as text followed by its URL", () => {
    expect(inline("[click](javascript:alert(1)) [rel](docs/a.md) [frag](#top) [none]()")).toEqual([
      p(t("click (javascript:alert(1)) rel (docs/a.md) frag (#top) none")),
    ]);
    const long = `https://example.com/${"x".repeat(2000)}`;
    const shown = `long (${long})`;
    expect(inline(`[long](${long})`)).toEqual([p(t(shown.slice(0, 2000)), t(shown.slice(2000)))]);
    expect(inline("<javascript:alert(1)>")).toEqual([para("javascript:alert(1)")]);
  });

  it("keeps both URLs of an image inside a link: an image block whose caption links, or text naming the image", () => {
    expect(inline("[![build](https://ci.example/badge.svg)](https://ci.example/runs) status")).toEqual([
      {
        type: "image",
        image: {
          type: "external",
          external: { url: "https://ci.example/badge.svg" },
          caption: [t("build", {}, "https://ci.example/runs")],
        },
      },
      para(" status"),
    ]);
    expect(inline("### [![build](https://ci.example/badge.svg)](https://ci.example/runs) status")).toEqual([
      {
        type: "heading_3",
        heading_3: {
          rich_text: [t("build", {}, "https://ci.example/runs"), t(" ("), t("image", {}, "https://ci.example/badge.svg"), t(") status")],
        },
      },
    ]);
  });

  it("encodes a URL that is not plain ASCII", () => {
    expect(inline("[u](https://例え.jp/パス)")).toEqual([p(t("u", {}, "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"))]);
  });

  it("turns hard breaks into newlines and keeps soft breaks as newlines", () => {
    expect(inline("one  \ntwo\\\nthree\nfour")).toEqual([para("one\ntwo\nthree\nfour")]);
  });

  it("shows inline HTML and footnote references as text", () => {
    expect(inline("x <kbd>K</kbd> y[^n]\n\n[^n]: note")).toEqual([para("x <kbd>K</kbd> y[^n]"), para("[^n]: note")]);
  });

  it("replaces control characters other than newline and tab with U+FFFD", () => {
    expect(inline("a\u0001b\u0007c\td\u007f")).toEqual([para("a\uFFFDb\uFFFDc\td\uFFFD")]);
    expect(inline("x\u0000y")).toEqual([para("x\uFFFDy")]);
  });

  it("splits text over 2000 characters into several items, never inside a surrogate pair or before a combining mark", () => {
    const long = "a".repeat(4500);
    expect(inline(long)).toEqual([p(t("a".repeat(2000)), t("a".repeat(2000)), t("a".repeat(500)))]);
    const emoji = `a${"😀".repeat(1500)}`;
    const items = (inline(emoji)[0] as { paragraph: { rich_text: { text: { content: string } }[] } }).paragraph.rich_text;
    expect(items.map((i) => i.text.content.length)).toEqual([1999, 1002]);
    expect(items.map((i) => i.text.content).join("")).toBe(emoji);
    const combining = `${"b".repeat(1999)}e\u0301z`;
    const parts = (inline(combining)[0] as { paragraph: { rich_text: { text: { content: string } }[] } }).paragraph.rich_text;
    expect(parts.map((i) => i.text.content)).toEqual(["b".repeat(1999), "e\u0301z"]);
  });
});
