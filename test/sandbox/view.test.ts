import { Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const text = (content: string, annotations = {}) => [{ type: "text" as const, text: { content }, annotations }];

/** The HTML view people open to see what Ferry did (the browser check is view-browser.test.ts). */
describe("sandbox: HTML view", () => {
  const sb = useSandbox();
  let notion: Client;

  beforeEach(async () => {
    await sb.reset();
    notion = new Client({ auth: (await sb.mintNotion("Acme Docs")).access_token, baseUrl: sb.url, retry: false });
  });

  const view = async (path: string) => {
    const res = await fetch(`${sb.url}${path}`);
    return { status: res.status, csp: res.headers.get("content-security-policy"), html: await res.text() };
  };

  it("shows workspaces, the page tree and a page's blocks rendered", async () => {
    const root = await notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Notic Sync") } } });
    const note = await notion.pages.create({
      parent: { page_id: root.id },
      icon: { type: "emoji", emoji: "🗒" },
      cover: { type: "external", external: { url: "https://example.com/cover.png" } },
      properties: { title: { title: text("Plans") } },
      children: [
        { type: "heading_1", heading_1: { rich_text: text("Goals") } },
        { type: "bulleted_list_item", bulleted_list_item: { rich_text: text("ship") } },
        { type: "bulleted_list_item", bulleted_list_item: { rich_text: text("rest") } },
        { type: "to_do", to_do: { rich_text: text("call Ana"), checked: true } },
        { type: "code", code: { rich_text: text("SELECT 1"), language: "sql" } },
        { type: "callout", callout: { rich_text: text("note"), icon: { type: "emoji", emoji: "💡" } } },
        { type: "toggle", toggle: { rich_text: text("more"), children: [{ paragraph: { rich_text: text("inside") } }] } },
      ],
    });
    const home = await view("/");
    expect(home.html).toContain("Acme Docs");
    expect(home.html).toContain(`<a href="/pages/${root.id}">Notic Sync</a>`);
    expect(home.html).toContain(`<a href="/pages/${note.id}"><span class="emoji">🗒</span> Plans</a>`);
    expect(home.html).toContain("<h2>Recently edited</h2>");

    const page = await view(`/pages/${note.id}`);
    expect(page.status).toBe(200);
    const html = page.html;
    expect(html).toContain('<img class="cover" src="https://example.com/cover.png"');
    expect(html).toContain(`<a href="/pages/${note.id}" class="current" aria-current="page">`);
    expect(html).toContain(
      `<div class="crumbs"><a href="/">Acme Docs</a><span class="sep">›</span><a href="/pages/${root.id}">Notic Sync</a>`,
    );
    expect(html).toContain('<div class="icon"><span class="emoji">🗒</span></div>');
    expect(html).toContain("<h1>Plans</h1>");
    expect(html).toContain(`<code>${note.id}</code> · created `);
    expect(html).not.toContain("In the trash");
    expect(html).toContain("<h2>Goals</h2>");
    expect(html).toContain("<ul><li>ship</li><li>rest</li></ul>");
    expect(html).toContain('<div class="to-do done"><input type="checkbox" disabled checked><span>call Ana</span></div>');
    expect(html).toContain('<div class="lang">sql</div><pre><code data-language="sql">SELECT 1</code></pre>');
    expect(html).toContain('<div class="callout"><span class="emoji">💡</span><div>note</div></div>');
    expect(html).toContain('<details><summary>more</summary><div class="kids"><p>inside</p></div></details>');

    const parent = await view(`/pages/${root.id}`);
    expect(parent.html).toContain(`<p class="child-page"><a href="/pages/${note.id}"><span class="emoji">🗒</span> Plans</a></p>`);
  });

  it("renders annotations, colours, nested numbered lists, table headers, equations and bookmarks", async () => {
    const page = await notion.pages.create({
      parent: { workspace: true },
      properties: { title: { title: text("Kinds") } },
      children: [
        {
          paragraph: {
            rich_text: [
              ...text("u", { underline: true }),
              ...text("s", { strikethrough: true }),
              ...text("r", { color: "red" }),
              ...text("x", { color: 'red" onmouseover="alert(1)' }),
              ...text("bi", { bold: true, italic: true, code: true }),
            ],
            color: "blue_background",
          },
        },
        { numbered_list_item: { rich_text: text("one"), children: [{ numbered_list_item: { rich_text: text("one.a") } }] } },
        { numbered_list_item: { rich_text: text("two") } },
        { paragraph: { rich_text: text("between") } },
        { numbered_list_item: { rich_text: text("again one") } },
        {
          table: {
            table_width: 2,
            has_row_header: true,
            children: [{ table_row: { cells: [text("k"), text("v")] } }, { table_row: { cells: [text("k2"), text("<v2>")] } }],
          },
        },
        { equation: { expression: "a<b" } },
        { bookmark: { url: "https://example.com/a?b=1&c=2", caption: text("cap") } },
        { divider: {} },
      ],
    });
    const { html } = await view(`/pages/${page.id}`);
    expect(html).toContain(
      '<p class="c-blue_background"><u>u</u><s>s</s><span class="c-red">r</span>x<em><strong><code>bi</code></strong></em></p>',
    );
    expect(html).toContain("<ol><li>one<ol><li>one.a</li></ol></li><li>two</li></ol><p>between</p><ol><li>again one</li></ol>");
    expect(html).toContain(
      '<table><tbody><tr><th scope="row">k</th><td>v</td></tr><tr><th scope="row">k2</th><td>&#60;v2&#62;</td></tr></tbody></table>',
    );
    expect(html).toContain('<div class="equation"><code>a&#60;b</code></div>');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&#38;c=2" rel="noreferrer"><small>Bookmark</small>https://example.com/a?b=1&#38;c=2</a><figcaption>cap</figcaption>',
    );
    expect(html).toContain("<hr>");
  });

  it("marks a page in the trash and leaves it out of the sidebar", async () => {
    const page = await notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Old") } } });
    await notion.pages.update({ page_id: page.id, in_trash: true });
    const { status, html } = await view(`/pages/${page.id}`);
    expect(status).toBe(200);
    expect(html).toContain('<span class="trash">In the trash</span>');
    expect(html.split("<nav>")[1]?.split("</nav>")[0]).toMatch(
      /^<div class="ws">Acme Docs<\/div><p class="muted">No pages yet.<\/p><div class="ws">Google<\/div>/,
    );
  });

  it("escapes content and links only to http(s), under a policy that runs no script", async () => {
    const page = await notion.pages.create({
      parent: { workspace: true },
      icon: { type: "external", external: { url: "javascript:alert(1)" } },
      cover: { type: "external", external: { url: "data:text/html,<b>x</b>" } },
      properties: { title: { title: text("<script>alert(1)</script>") } },
      children: [
        {
          type: "paragraph",
          paragraph: {
            rich_text: [{ type: "text", text: { content: "<img src=x onerror=alert(1)>", link: { url: "javascript:alert(1)" } } }],
          },
        },
        { image: { type: "external", external: { url: "javascript:alert(2)" } } },
      ],
    });
    const { html, csp } = await view(`/pages/${page.id}`);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("data:text");
    expect(html).toContain("&#60;script&#62;");
    expect(html).toContain('<span class="muted">Image without an http(s) link</span>');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect((await view("/pages/not-a-page")).status).toBe(404);
  });

  it("shows databases as tables, in their page and on their own, with typed cells", async () => {
    const root = await notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Story") } } });
    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: root.id },
      title: text("Characters"),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Alive: { checkbox: {} },
          Role: { select: { options: [{ name: "Hero", color: "blue" }] } },
          Age: { number: {} },
        },
      },
    })) as unknown as { id: string; data_sources: Array<{ id: string }> };
    const dsId = db.data_sources[0]?.id as string;
    await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text("Ada <b>") }, Alive: { checkbox: true }, Role: { select: { name: "Hero" } }, Age: { number: 36 } },
    });
    const own = await view(`/databases/${db.id}`);
    expect(own.status).toBe(200);
    expect(own.html).toMatch(/<th scope="col">Name<\/th>.*<th scope="col">Alive<\/th>/s);
    expect(own.html).toContain("Ada &#60;b&#62;");
    expect(own.html).toContain("☑");
    expect(own.html).toMatch(/class="chip c-blue_background">Hero</);
    expect(own.html).toContain("<td>36</td>");
    const page = await view(`/pages/${root.id}`);
    expect(page.html).toContain("Characters");
    expect(page.html).toContain("Ada &#60;b&#62;");
    expect((await view("/")).html).toContain(`href="/databases/${db.id}"`);
    expect((await view("/databases/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("shows Google calendars with their events in start order, cancelled ones struck through", async () => {
    const minted = await sb.mintGoogle();
    const at = (h: number) => ({ dateTime: `2026-12-01T${String(h).padStart(2, "0")}:00:00Z` });
    const res = await fetch(`${sb.url}/__sandbox/google/calendars`, {
      method: "POST",
      body: JSON.stringify({
        account_id: minted.account_id,
        summary: "Team <plans>",
        events: [
          { summary: "Retro", start: at(15), end: at(16) },
          { summary: "Standup", start: at(9), end: at(10) },
          { summary: "Dropped", start: at(11), end: at(12), status: "cancelled" },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const page = await view("/calendars");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Team &#60;plans&#62;");
    expect(page.html.indexOf("Standup")).toBeLessThan(page.html.indexOf("Retro"));
    expect(page.html).toContain("<s>Dropped</s>");
    expect((await view("/")).html).toContain('href="/calendars"');
  });
});
