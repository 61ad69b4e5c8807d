import { Client, collectPaginatedAPI } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const text = (content: string) => [{ type: "text", text: { content } }];

/** Seeding content and revoking tokens through the control API. */
describe("sandbox control: seeding and token revocation", () => {
  const sb = useSandbox();
  beforeEach(() => sb.reset());

  const post = (path: string, body: unknown) => fetch(`${sb.url}/__sandbox/${path}`, { method: "POST", body: JSON.stringify(body) });

  it("seeds a page tree with blocks and a database with rows, visible through the API", async () => {
    const res = await post("notion/seed", {
      workspace_name: "Seeded",
      pages: [
        {
          title: "Home",
          icon: "🏠",
          children: [{ type: "heading_1", heading_1: { rich_text: text("Welcome") } }],
          pages: [{ title: "Child", children: [{ type: "paragraph", paragraph: { rich_text: text("hello") } }] }],
          databases: [
            {
              title: "Tasks",
              properties: { Name: { title: {} }, Done: { checkbox: {} } },
              rows: [{ properties: { Name: { title: text("one") }, Done: { checkbox: true } } }],
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    const seeded = (await res.json()) as {
      access_token: string;
      workspace_name: string;
      pages: Array<{ id: string; title: string }>;
      databases: Array<{ data_source_id: string }>;
      rows: number;
    };
    expect(seeded).toMatchObject({ workspace_name: "Seeded", rows: 1, pages: [{ title: "Home" }, { title: "Child" }] });
    const notion = new Client({ auth: seeded.access_token, baseUrl: sb.url, retry: false });
    const home = seeded.pages[0]?.id as string;
    expect(await notion.pages.retrieve({ page_id: home })).toMatchObject({ icon: { type: "emoji", emoji: "🏠" } });
    const kids = await collectPaginatedAPI(notion.blocks.children.list, { block_id: home });
    expect(kids.map((b) => ("type" in b ? b.type : ""))).toEqual(["heading_1", "child_page", "child_database"]);
    const rows = await notion.dataSources.query({ data_source_id: seeded.databases[0]?.data_source_id as string });
    expect(rows.results).toHaveLength(1);
    // Seeding bypasses the request log.
    const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_endpoint: Record<string, number> };
    expect(log.by_endpoint["POST /v1/pages"]).toBeUndefined();
  });

  it("is all or nothing: a step Notion refuses undoes the seed and names the step", async () => {
    const res = await post("notion/seed", {
      pages: [{ title: "Fine" }, { title: "Broken", children: [{ type: "paragraph", paragraph: { rich_text: text("x".repeat(2001)) } }] }],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { at: string; message: string; notion: { code: string } } };
    expect(body.error).toMatchObject({ at: "pages[1]", notion: { code: "validation_error" } });
    expect(body.error.message).toContain("should be ≤ `2000`");
    const view = await (await fetch(`${sb.url}/`)).text();
    expect(view).not.toContain("Fine");
    expect(view).toContain("0 workspace(s)");
  });

  it("rejects malformed seeds with the field named", async () => {
    const res = await post("notion/seed", { pages: [{ titel: "typo" }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^pages\.0/);
    const missing = await post("notion/seed", { workspace_id: "00000000-0000-4000-8000-000000000000" });
    expect(missing.status).toBe(400);
  });

  it("revokes a Notion token: it then gets 401 unauthorized", async () => {
    const minted = await sb.mintNotion();
    const notion = new Client({ auth: minted.access_token, baseUrl: sb.url, retry: false });
    await expect(notion.users.me({})).resolves.toMatchObject({ type: "bot" });
    expect((await post("notion/tokens/revoke", { token: minted.access_token })).status).toBe(200);
    await expect(notion.users.me({})).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect((await post("notion/tokens/revoke", { token: "nope" })).status).toBe(404);
  });
});
