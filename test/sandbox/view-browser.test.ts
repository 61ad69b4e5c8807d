import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { BlockObjectRequest } from "@notionhq/client";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useNotion } from "../helpers/sandbox.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const SHOTS = "test-results/sandbox-view";
const WIDTH = 1280;

// The callbacks passed to evaluate() run in the browser. The project compiles without the DOM
// library, so this file declares the little of it they use.
interface Canvas2D {
  drawImage(image: Image, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
declare const document: { createElement(tag: "canvas"): { width: number; height: number; getContext(kind: "2d"): Canvas2D | null } };
declare function getComputedStyle(el: unknown): { fontSize: string; listStyleType: string };
declare class Image {
  src: string;
  width: number;
  height: number;
  decode(): Promise<void>;
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `test/sandbox/view-browser.test.ts skipped: ${CHROMIUM} is not installed (Debian: apt-get install chromium; .ci/run installs it).`,
  );
}

const text = (content: string, annotations = {}) => [{ type: "text" as const, text: { content }, annotations }];
const cell = (content: string) => text(content);

/** A page with one block of each kind a person is likely to see. */
const BLOCKS: BlockObjectRequest[] = [
  { heading_1: { rich_text: text("Goals") } },
  {
    paragraph: {
      rich_text: [
        ...text("Ship the "),
        ...text("sandbox view", { bold: true }),
        ...text(" with "),
        ...text("care", { italic: true, color: "blue" }),
        ...text(", see "),
        { type: "text", text: { content: "the issue", link: { url: "https://example.com/issue" } } },
        ...text(" and "),
        ...text("npm test", { code: true }),
        ...text("."),
      ],
    },
  },
  { bulleted_list_item: { rich_text: text("pages and blocks"), children: [{ bulleted_list_item: { rich_text: text("nested") } }] } },
  { bulleted_list_item: { rich_text: text("a browser check") } },
  { numbered_list_item: { rich_text: text("render") } },
  {
    numbered_list_item: {
      rich_text: text("check"),
      children: [{ numbered_list_item: { rich_text: text("headings") } }, { numbered_list_item: { rich_text: text("tables") } }],
    },
  },
  { numbered_list_item: { rich_text: text("commit") } },
  { to_do: { rich_text: text("write the CSS"), checked: true } },
  { to_do: { rich_text: text("merge"), checked: false } },
  { toggle: { rich_text: text("Details"), children: [{ paragraph: { rich_text: text("Hidden until opened.") } }] } },
  { quote: { rich_text: text("Make it pleasant to read.") } },
  { callout: { rich_text: text("Runs offline: no fonts or scripts from elsewhere."), icon: { type: "emoji", emoji: "💡" } } },
  { code: { rich_text: text("npx vitest run test/sandbox"), language: "shell" } },
  { divider: {} },
  {
    table: {
      table_width: 3,
      has_column_header: true,
      has_row_header: true,
      children: [
        { table_row: { cells: [cell("Type"), cell("Count"), cell("Note")] } },
        { table_row: { cells: [cell("pages"), cell("2"), cell("root and child")] } },
        { table_row: { cells: [cell("blocks"), cell("17"), cell("one of each")] } },
      ],
    },
  },
  { bookmark: { url: "https://developers.notion.com/reference" } },
  { equation: { expression: "e^{i\\pi} + 1 = 0" } },
];

/** The HTML view in a real browser: what a person sees when they open the sandbox. */
describe.skipIf(!hasChromium)("sandbox: HTML view in headless Chromium", () => {
  const ctx = useNotion();
  let browser: Browser;
  let rootId = "";
  let childId = "";

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const root = await ctx.notion.pages.create({
      parent: { workspace: true },
      icon: { type: "emoji", emoji: "📘" },
      properties: { title: { title: text("Ferry handbook") } },
      children: [{ paragraph: { rich_text: text("Everything about the sync service.") } }],
    });
    const child = await ctx.notion.pages.create({
      parent: { page_id: root.id },
      properties: { title: { title: text("Release plan") } },
      children: BLOCKS,
    });
    rootId = root.id;
    childId = child.id;
  });

  const open = async (path: string) => {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    const res = await page.goto(`${ctx.sb.url}${path}`);
    expect(res?.status()).toBe(200);
    return page;
  };

  it("shows the page tree in the sidebar, and a click on the child page opens it", async () => {
    const page = await open(`/pages/${rootId}`);
    const nav = page.locator("nav");
    await expect(nav.locator("a").allTextContents()).resolves.toEqual(["📘 Ferry handbook", "Release plan", "📅 Calendars (0)"]);
    expect(await nav.locator("li li a").textContent()).toBe("Release plan");
    expect(await nav.locator("a.current").textContent()).toBe("📘 Ferry handbook");

    await nav.getByRole("link", { name: "Release plan" }).click();
    await page.waitForURL(`**/pages/${childId}`);
    expect(await page.locator("h1").textContent()).toBe("Release plan");
    expect(await nav.locator("a.current").textContent()).toBe("Release plan");
    expect(await page.locator(".crumbs").textContent()).toBe("Sandbox Workspace›📘 Ferry handbook›Release plan");
    await page.close();
  });

  it("renders the blocks: headings larger than text, to-do states, lists, the table", async () => {
    const page = await open(`/pages/${childId}`);
    const size = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(await size("article h2")).toBeGreaterThan((await size("article p:not(.meta)")) * 1.4);
    expect(await size("article h1")).toBeGreaterThan(await size("article h2"));
    const h2 = await page.locator("article h2").boundingBox();
    const p = await page.locator("article .page > p:not(.meta)").first().boundingBox();
    expect(h2?.height).toBeGreaterThan(p?.height ?? Number.POSITIVE_INFINITY);

    const boxes = page.locator(".to-do input[type=checkbox]");
    expect(await boxes.count()).toBe(2);
    expect(await boxes.nth(0).isChecked()).toBe(true);
    expect(await boxes.nth(1).isChecked()).toBe(false);

    expect(await page.locator("article .page > ul > li").count()).toBe(2);
    expect(await page.locator("article .page > ol > li").count()).toBe(3);
    const nested = page.locator("article .page > ol > li ol");
    expect(await nested.locator("li").allTextContents()).toEqual(["headings", "tables"]);
    expect(await nested.evaluate((el) => getComputedStyle(el).listStyleType)).toBe("lower-alpha");

    const table = page.locator("table");
    expect(await table.locator("tr").count()).toBe(3);
    expect(await table.locator("thead th").allTextContents()).toEqual(["Type", "Count", "Note"]);
    expect(await table.locator("tbody th").allTextContents()).toEqual(["pages", "blocks"]);
    expect(await table.locator("tbody td").count()).toBe(4);

    expect(await page.locator("strong").textContent()).toBe("sandbox view");
    expect(await page.getByRole("link", { name: "the issue" }).getAttribute("href")).toBe("https://example.com/issue");
    expect(await page.locator(".code .lang").textContent()).toBe("shell");
    await page.close();
  });

  it("takes a screenshot that is more than a blank page", async () => {
    const page = await open(`/pages/${childId}`);
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(`${SHOTS}/release-plan.png`, png);
    await page.close();

    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(WIDTH);
    expect(png.readUInt32BE(20)).toBeGreaterThan(900);
    expect(png.length).toBeGreaterThan(50_000);

    // Decode it in a blank page (no CSP there) and look at its pixels.
    const blank = await browser.newPage();
    const pixels = await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext("2d");
      if (!g) throw new Error("no 2d canvas");
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      const colours = new Set<number>();
      let white = 0;
      let sampled = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        const [r = 0, gr = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
        colours.add((r << 16) | (gr << 8) | b);
        if (r === 255 && gr === 255 && b === 255) white++;
        sampled++;
      }
      const at = (x: number, y: number) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
      return {
        colours: colours.size,
        whiteShare: white / sampled,
        sidebar: at(8, img.height - 8),
        content: at(img.width - 8, img.height - 8),
      };
    }, png.toString("base64"));
    await blank.close();

    expect(pixels.colours).toBeGreaterThan(100);
    expect(pixels.whiteShare).toBeGreaterThan(0.3);
    expect(pixels.whiteShare).toBeLessThan(0.97);
    expect(pixels.content).toEqual([255, 255, 255]);
    expect(pixels.sidebar).not.toEqual(pixels.content);
  });
});
