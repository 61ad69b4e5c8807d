import { APIErrorCode, Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const REDIRECT = "http://127.0.0.1:3999/oauth/notion/callback";
/** Notion's token endpoint answers OAuth's error shape, which the client reports as an unknown HTTP error. */
const INVALID_GRANT = { status: 400, body: expect.stringContaining('"error":"invalid_grant"') };

/** The Notion OAuth server: a person's consent, then the official client's token calls. */
describe("sandbox: Notion OAuth", () => {
  const sb = useSandbox();
  let client: { client_id: string; client_secret: string };

  beforeEach(async () => {
    await sb.reset();
    const res = await fetch(`${sb.url}/__sandbox/notion/oauth-clients`, {
      method: "POST",
      body: JSON.stringify({ redirect_uris: [REDIRECT], name: "Notic" }),
    });
    expect(res.status).toBe(201);
    client = (await res.json()) as typeof client;
  });

  const authorizeUrl = (over: Record<string, string> = {}) =>
    `${sb.url}/v1/oauth/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: "code", owner: "user", state: "st-1", ...over })}`;

  /** Clicks through the consent page the way a browser would. */
  async function consent(decision: "allow" | "deny"): Promise<URL> {
    const page = await fetch(authorizeUrl());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Notic wants to access your Notion workspace");
    expect(html).toContain("Allow access");
    const form = new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, state: "st-1", workspace: "new", decision });
    const res = await fetch(`${sb.url}/v1/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") as string);
  }

  it("exchanges a code once, rotates refresh tokens, and rejects reused ones", async () => {
    const back = await consent("allow");
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-1");
    const code = back.searchParams.get("code") as string;
    const notion = new Client({ baseUrl: sb.url, retry: false });
    const first = await notion.oauth.token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, ...client });
    expect(first).toMatchObject({
      token_type: "bearer",
      workspace_name: expect.stringContaining("Sandbox Workspace"),
      owner: { type: "user" },
    });
    expect(await new Client({ auth: first.access_token, baseUrl: sb.url }).users.me({})).toMatchObject({ id: first.bot_id });
    await expect(notion.oauth.token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, ...client })).rejects.toMatchObject(
      INVALID_GRANT,
    );

    const second = await notion.oauth.token({ grant_type: "refresh_token", refresh_token: first.refresh_token as string, ...client });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expect(
      notion.oauth.token({ grant_type: "refresh_token", refresh_token: first.refresh_token as string, ...client }),
    ).rejects.toMatchObject(INVALID_GRANT);
    await expect(new Client({ auth: first.access_token, baseUrl: sb.url }).users.me({})).rejects.toMatchObject({
      code: APIErrorCode.Unauthorized,
    });
    expect(await notion.oauth.introspect({ token: second.access_token, ...client })).toMatchObject({ active: true });
    await notion.oauth.revoke({ token: second.access_token, ...client });
    expect(await notion.oauth.introspect({ token: second.access_token, ...client })).toMatchObject({ active: false });
    await expect(new Client({ auth: second.access_token, baseUrl: sb.url }).users.me({})).rejects.toMatchObject({
      code: APIErrorCode.Unauthorized,
    });
  });

  it("redirects a denial with access_denied, and never redirects to an unregistered URI", async () => {
    const back = await consent("deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
    const wrong = await fetch(authorizeUrl({ redirect_uri: "https://evil.example/cb" }), { redirect: "manual" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("redirect_uri");
    const unknown = await fetch(authorizeUrl({ client_id: "nobody" }), { redirect: "manual" });
    expect(unknown.status).toBe(400);
  });

  it("rejects bad client credentials, a wrong redirect_uri at exchange, and unknown grants", async () => {
    const code = (await consent("allow")).searchParams.get("code") as string;
    const notion = new Client({ baseUrl: sb.url, retry: false });
    await expect(
      notion.oauth.token({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        client_id: client.client_id,
        client_secret: "wrong-secret",
      }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      notion.oauth.token({ grant_type: "authorization_code", code, redirect_uri: "http://127.0.0.1:3999/other", ...client }),
    ).rejects.toMatchObject(INVALID_GRANT);
    await expect(notion.oauth.token({ grant_type: "refresh_token", refresh_token: "nrt_made_up", ...client })).rejects.toMatchObject(
      INVALID_GRANT,
    );
    const clients = (await (await fetch(`${sb.url}/__sandbox/notion/oauth-clients`)).json()) as { clients: Array<{ client_id: string }> };
    expect(clients.clients.map((x) => x.client_id)).toContain("ferry-sandbox-client");
  });
});
