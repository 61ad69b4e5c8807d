import { Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];

/** The HTML view people open to see what Ferry did. */
describe("sandbox: HTML view", () => {
  const sb = useSandbox();
  let notion: Client;

  beforeEach(async () => {
    await sb.reset();
    notion = new Client({ auth: (await sb.mintNotion("Acme Docs")).access_token, baseUrl: sb.url, retry: false });
  });

  it("shows workspaces, the page tree and a page's blocks rendered", async () => {
    const root = await notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Notic Sync") } } });
    const note = await notion.pages.create({
      parent: { page_id: root.id },
      properties: { title: { title: text("Plans") } },
      children: [
        { type: "heading_1", heading_1: { rich_text: text("Goals") } },
        { type: "bulleted_list_item", bulleted_list_item: { rich_text: text("ship") } },
        { type: "bulleted_list_item", bulleted_list_item: { rich_text: text("rest") } },
        { type: "to_do", to_do: { rich_text: text("call Ana"), checked: true } },
        { type: "code", code: { rich_text: text("SELECT 1"), language: "sql" } },
      ],
    });
    const home = await (await fetch(`${sb.url}/`)).text();
    expect(home).toContain("Acme Docs");
    expect(home).toContain(`<a href="/pages/${root.id}">Notic Sync</a>`);
    expect(home).toContain(`<a href="/pages/${note.id}">Plans</a>`);
    const res = await fetch(`${sb.url}/pages/${note.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Plans</h1>");
    expect(html).toContain("<h2>Goals</h2>");
    expect(html).toContain("<ul><li>ship</li><li>rest</li></ul>");
    expect(html).toContain('<input type="checkbox" disabled checked> call Ana');
    expect(html).toContain('<pre><code data-language="sql">SELECT 1</code></pre>');
  });

  it("escapes content, so a page cannot inject markup into the view", async () => {
    const page = await notion.pages.create({
      parent: { workspace: true },
      properties: { title: { title: text("<script>alert(1)</script>") } },
      children: [
        {
          type: "paragraph",
          paragraph: {
            rich_text: [{ type: "text", text: { content: "<img src=x onerror=alert(1)>", link: { url: "javascript:alert(1)" } } }],
          },
        },
      ],
    });
    const html = await (await fetch(`${sb.url}/pages/${page.id}`)).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&#60;script&#62;");
    expect((await fetch(`${sb.url}/pages/not-a-page`)).status).toBe(404);
  });
});
