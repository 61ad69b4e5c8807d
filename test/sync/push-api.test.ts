import { Client } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { tokenAad } from "../../src/connections/store.ts";
import { API_TOKEN } from "../helpers/api.ts";
import { consent, cookieFrom, pathOf } from "../helpers/connect.ts";
import { useConnectApp } from "../helpers/connect-app.ts";
import { runInline } from "../helpers/queue.ts";

/** Push sync over the HTTP API, end to end: connect, hand over documents, sync now, status, root. */
describe("push sync API", () => {
  const ctx = useConnectApp();

  async function connectNotion() {
    const s = await ctx.api("POST", "/v1/connect-sessions", { user_id: "ada", provider: "notion" });
    const start = await ctx.c.app.request(pathOf(s.body.data?.url as string));
    const back = await consent(start.headers.get("location") as string, "allow");
    await ctx.c.app.request(pathOf(back), { headers: { cookie: cookieFrom(start.headers.get("set-cookie")) } });
  }

  /** Runs every queued notion.sync job once, the way a worker would. */
  async function drain() {
    const jobs = await ctx.t.db.query<{ id: string; payload: unknown; priority: number }>(
      "SELECT id, payload, priority FROM jobs WHERE type = 'notion.sync' ORDER BY priority DESC, id",
    );
    for (const job of jobs.rows) {
      await runInline(ctx.t.db, ctx.c.handlers, job.id);
    }
    return jobs.rows;
  }

  it("connect → documents → sync now → pages in Notion; status tells what happened", async () => {
    expect((await ctx.api("POST", "/v1/users/ada/sync")).status).toBe(409); // not connected yet
    await connectNotion();
    await drain(); // the first job: verifies the token, nothing to push yet
    const docs = [
      { kind: "workspace", id: "w", title: "Work" },
      { kind: "note", id: "n", parent: { kind: "workspace", id: "w" }, title: "Hello", body: "# Hi\n\n- [x] done\n- [ ] todo" },
    ];
    expect((await ctx.api("PUT", "/v1/users/ada/documents", { documents: docs })).status).toBe(200);
    const status = await ctx.api("GET", "/v1/users/ada/sync");
    expect(status.body.data).toMatchObject({ connected: true, pending: 2, running: false });
    const now = await ctx.api("POST", "/v1/users/ada/sync");
    expect(now.body.data).toMatchObject({ already_queued: false });
    expect((await ctx.api("POST", "/v1/users/ada/sync")).body.data).toMatchObject({ already_queued: true });
    const ran = await drain();
    expect(ran[0]?.priority).toBe(10);
    const after = await ctx.api("GET", "/v1/users/ada/sync");
    expect(after.body.data).toMatchObject({ pending: 0, root_status: "ok", last_counts: { created: 2, failed: 0 }, failed: [] });
    expect(after.body.data?.last_synced_at).toEqual(expect.any(String));
  });

  it("seed 001's paths: POST /notion/sync and GET /notion/status, with the bearer token", async () => {
    await connectNotion();
    const call = (method: string, path: string, body?: unknown, auth = true) =>
      ctx.c.app.request(path, {
        method,
        headers: { ...(auth ? { authorization: `Bearer ${API_TOKEN}` } : {}), "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call("POST", "/notion/sync", { user_id: "ada" }, false)).status).toBe(401);
    expect((await call("POST", "/notion/sync", { user_id: "ada" })).status).toBe(200);
    const status = await call("GET", "/notion/status?user_id=ada");
    expect(await status.json()).toMatchObject({ data: { connected: true, queued: true } });
    expect((await call("GET", "/notion/status?user_id=nobody")).status).toBe(404);
  });

  it("a pasted Notion URL becomes the root; top-level pages move under it on the next run", async () => {
    await connectNotion();
    await drain();
    await ctx.api("PUT", "/v1/users/ada/documents", { documents: [{ kind: "workspace", id: "w", title: "Work" }] });
    await ctx.api("POST", "/v1/users/ada/sync");
    await drain();
    // The user makes a page of their own in Notion and pastes its link.
    const row = (await ctx.t.db.query<{ id: string; access_token: string }>("SELECT id, access_token FROM connections")).rows[0];
    const token = ctx.c.ring.decrypt(row?.access_token as string, tokenAad(row?.id as string, "access_token"));
    const notion = new Client({ auth: token, baseUrl: ctx.sb.url, retry: false });
    const mine = await notion.pages.create({
      parent: { workspace: true },
      properties: { title: { title: [{ type: "text", text: { content: "My Root" } }] } },
    });
    expect((await ctx.api("PUT", "/v1/users/ada/sync-root", { page: "https://example.com/nope" })).status).toBe(400);
    const set = await ctx.api("PUT", "/v1/users/ada/sync-root", {
      page: `https://www.notion.so/acme/My-Root-${mine.id.replaceAll("-", "")}?pvs=4`,
    });
    expect(set.body.data).toEqual({ root_page_id: mine.id });
    expect((await ctx.api("GET", "/v1/users/ada/sync")).body.data).toMatchObject({ root_page_id: mine.id, pending: 1 });
    await ctx.api("POST", "/v1/users/ada/sync");
    await drain();
    const w = (await ctx.t.db.query<{ page_id: string }>("SELECT page_id FROM notion_pages WHERE doc_id = 'w'")).rows[0]?.page_id as string;
    expect(await notion.pages.retrieve({ page_id: w })).toMatchObject({ parent: { type: "page_id", page_id: mine.id } });
  });
});
