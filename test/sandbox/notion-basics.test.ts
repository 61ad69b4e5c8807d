import { APIErrorCode, APIResponseError, Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { type MintedNotion, useSandbox } from "../helpers/sandbox.ts";

/** The sandbox over HTTP, driven by the official Notion client, unchanged. */
describe("sandbox: Notion basics with @notionhq/client", () => {
  const sb = useSandbox();
  let minted: MintedNotion;
  const client = (auth: string) => new Client({ auth, baseUrl: sb.url, retry: false, timeoutMs: 5000 });

  beforeEach(async () => {
    await sb.reset();
    minted = await sb.mintNotion("Acme");
  });

  it("mints a workspace with a bot token that users.me recognises", async () => {
    expect(minted.access_token).toMatch(/^ntn_/);
    const me = await client(minted.access_token).users.me({});
    expect(me).toMatchObject({ object: "user", id: minted.bot_id, type: "bot", bot: { workspace_name: "Acme" } });
  });

  it("lists the workspace's users with cursor pagination in order, and retrieves one", async () => {
    const notion = client(minted.access_token);
    const first = await notion.users.list({ page_size: 1 });
    expect(first).toMatchObject({ object: "list", type: "user", has_more: true });
    const second = await notion.users.list({ page_size: 1, start_cursor: first.next_cursor ?? undefined });
    expect(second.has_more).toBe(false);
    const ids = [...first.results, ...second.results].map((u) => u.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(minted.bot_id);
    const person = [...first.results, ...second.results].find((u) => u.type === "person");
    expect(await notion.users.retrieve({ user_id: person?.id as string })).toMatchObject({ type: "person" });
    await expect(notion.users.list({ page_size: 101 })).rejects.toMatchObject({ code: APIErrorCode.ValidationError, status: 400 });
  });

  it("answers bad and revoked tokens with unauthorized, and another workspace's user with object_not_found", async () => {
    await expect(client("ntn_not-a-token").users.me({})).rejects.toSatisfy(
      (e: unknown) => APIResponseError.isAPIResponseError(e) && e.code === APIErrorCode.Unauthorized && e.status === 401,
    );
    const other = await sb.mintNotion();
    await expect(client(minted.access_token).users.retrieve({ user_id: other.bot_id })).rejects.toMatchObject({
      code: APIErrorCode.ObjectNotFound,
      status: 404,
    });
    await sb.reset();
    await expect(client(minted.access_token).users.me({})).rejects.toMatchObject({ code: APIErrorCode.Unauthorized });
  });

  it("requires Notion-Version, rejects unknown versions and URLs, in Notion's error shape", async () => {
    const headers = { Authorization: `Bearer ${minted.access_token}` };
    const missing = await fetch(`${sb.url}/v1/users/me`, { headers });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ object: "error", status: 400, code: "missing_version" });
    expect(body.request_id).toBe(missing.headers.get("x-notion-request-id"));
    const odd = await fetch(`${sb.url}/v1/users/me`, { headers: { ...headers, "Notion-Version": "1999-01-01" } });
    expect(await odd.json()).toMatchObject({ code: "validation_error" });
    const nowhere = await fetch(`${sb.url}/v1/nowhere`, { headers: { ...headers, "Notion-Version": "2025-09-03" } });
    expect(nowhere.status).toBe(400);
    expect(await nowhere.json()).toMatchObject({ code: "invalid_request_url" });
  });

  it("logs every request with counts per endpoint, token and status", async () => {
    const notion = client(minted.access_token);
    await notion.users.me({});
    await notion.users.me({});
    await client("ntn_bad")
      .users.me({})
      .catch(() => undefined);
    const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as {
      by_endpoint: Record<string, number>;
      by_status: Record<string, number>;
      by_token: Record<string, number>;
    };
    expect(log.by_endpoint["GET /v1/users/me"]).toBe(3);
    expect(log.by_status["401"]).toBe(1);
    expect(log.by_token[minted.access_token.slice(-4)]).toBe(2);
  });

  it("answers malformed control requests with a named error", async () => {
    const bad = await fetch(`${sb.url}/__sandbox/notion/tokens`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_json" } });
    const wrong = await fetch(`${sb.url}/__sandbox/notion/tokens`, { method: "POST", body: JSON.stringify({ workspace_name: 7 }) });
    expect(await wrong.json()).toMatchObject({ error: { code: "validation_error" } });
  });
});
