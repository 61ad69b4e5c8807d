import { describe, expect, it } from "vitest";
import { accessToken } from "../../src/connections/refresh.ts";
import { tokenAad } from "../../src/connections/store.ts";
import { staticToken } from "../../src/providers/tokens.ts";
import type { ProviderId } from "../../src/providers/types.ts";
import { consent, cookieFrom, pathOf } from "../helpers/connect.ts";
import { FRONTEND, useConnectApp } from "../helpers/connect-app.ts";

/** Connect → start → the sandbox's consent page → callback → an encrypted connection and its first job. */
describe("OAuth connect end to end against the sandbox", () => {
  const ctx = useConnectApp();
  const sb = ctx.sb;

  /** Runs the browser's part: link → Ferry → consent → Ferry's callback. Returns the final redirect. */
  async function connect(provider: ProviderId, returnUrl = `${FRONTEND}/settings/integrations`) {
    const session = await ctx.api("POST", "/v1/connect-sessions", { user_id: "ada", provider, return_url: returnUrl });
    expect(session.status).toBe(201);
    const start = await ctx.c.app.request(pathOf(session.body.data?.url as string));
    expect(start.status).toBe(302);
    const setCookie = start.headers.get("set-cookie");
    expect(setCookie).toMatch(/HttpOnly; SameSite=Lax; Max-Age=600/);
    const back = await consent(start.headers.get("location") as string, "allow");
    const done = await ctx.c.app.request(pathOf(back), { headers: { cookie: cookieFrom(setCookie) } });
    expect(done.status).toBe(302);
    return { location: done.headers.get("location") as string, clearCookie: done.headers.get("set-cookie") };
  }

  for (const provider of ["notion", "google"] as const) {
    it(`connects ${provider}: stores the connection encrypted, enqueues the first sync and returns to the app`, async () => {
      const { location, clearCookie } = await connect(provider);
      expect(location).toBe(`${FRONTEND}/settings/integrations?${provider}=connected`);
      expect(clearCookie).toMatch(/Max-Age=0/);
      const list = await ctx.api("GET", "/v1/users/ada/connections");
      const [conn] = list.body.data as unknown as Array<Record<string, unknown>>;
      expect(conn).toMatchObject({ provider, status: "active" });
      if (provider === "notion")
        expect(conn?.metadata).toMatchObject({
          workspace_name: expect.any(String),
          bot_id: expect.any(String),
          workspace_id: conn?.external_id,
        });
      else
        expect(conn?.metadata).toMatchObject({
          email: expect.stringContaining("@"),
          scopes: expect.arrayContaining(["https://www.googleapis.com/auth/calendar.events"]),
        });
      expect(JSON.stringify(conn)).not.toMatch(/access_token|refresh_token/);
      // The tokens are in the table only as envelopes that open with the vault and this row's id.
      const row = (await ctx.t.db.query<{ id: string; access_token: string }>("SELECT id, access_token FROM connections")).rows[0];
      expect(row?.access_token).toMatch(/^v1\./);
      const plain = ctx.c.ring.decrypt(row?.access_token as string, tokenAad(row?.id as string, "access_token"));
      const dump = (await ctx.t.db.query("SELECT to_jsonb(c)::text AS t FROM connections c")).rows.map((r) => r.t).join("");
      expect(dump).not.toContain(plain);
      expect(dump).not.toContain(Buffer.from(plain).toString("base64"));
      const jobs = await ctx.t.db.query<{ type: string; payload: unknown }>("SELECT type, payload FROM jobs");
      expect(jobs.rows).toEqual([
        { type: provider === "notion" ? "notion.sync" : "calendar.sync", payload: { connection_id: row?.id, user_id: "ada" } },
      ]);
      // No token reached the logs.
      expect(ctx.c.logs.join("")).not.toContain(plain);
    });
  }

  it("dedupes a second connect to the same account: one connection, fresh tokens", async () => {
    await connect("google");
    const first = (
      await ctx.t.db.query<{ id: string; access_token: string; external_id: string }>(
        "SELECT id, access_token, external_id FROM connections",
      )
    ).rows[0];
    // Connect the same Google account again (the sandbox mints for an existing account when asked).
    const minted = await fetch(`${sb.url}/__sandbox/google/tokens`, {
      method: "POST",
      body: JSON.stringify({ account_id: first?.external_id }),
    });
    expect(minted.status).toBe(201);
    const session = await ctx.api("POST", "/v1/connect-sessions", { user_id: "ada", provider: "google" });
    const start = await ctx.c.app.request(pathOf(session.body.data?.url as string));
    const authorize = new URL(start.headers.get("location") as string);
    const page = await fetch(authorize);
    const html = await page.text();
    const account = /name="account" value="([^"]+)"/.exec(html)?.[1] ?? first?.external_id;
    const form = new URLSearchParams(authorize.search);
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.set(
        m[1] as string,
        (m[2] as string).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      );
    form.set("account", String(first?.external_id ?? account));
    form.set("decision", "allow");
    const back = await fetch(`${authorize.origin}${authorize.pathname}`, { method: "POST", body: form, redirect: "manual" });
    const done = await ctx.c.app.request(pathOf(back.headers.get("location") as string), {
      headers: { cookie: cookieFrom(start.headers.get("set-cookie")) },
    });
    expect(done.headers.get("location")).toContain("google=connected");
    const rows = (await ctx.t.db.query<{ id: string; access_token: string }>("SELECT id, access_token FROM connections")).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(first?.id);
    expect(rows[0]?.access_token).not.toBe(first?.access_token);
  });

  it("disconnects: revokes at the provider, deletes the tokens and cancels the queued first sync", async () => {
    await connect("notion");
    const [conn] = (await ctx.api("GET", "/v1/users/ada/connections")).body.data as unknown as Array<{ id: string }>;
    const del = await ctx.api("DELETE", `/v1/users/ada/connections/${conn?.id}`);
    expect(del).toMatchObject({ status: 200, body: { data: { deleted: true, revoked_at_provider: true, cancelled_jobs: 1 } } });
    expect((await ctx.t.db.query("SELECT 1 FROM connections")).rows).toHaveLength(0);
    expect((await ctx.t.db.query("SELECT dead_letter_reason FROM jobs_finished")).rows).toEqual([
      { dead_letter_reason: "connection_deleted" },
    ]);
    expect((await ctx.api("DELETE", `/v1/users/ada/connections/${conn?.id}`)).status).toBe(404);
  });

  it("runs the first sync job: the token works at the provider and the connection is marked verified", async () => {
    await connect("google");
    const [conn] = (await ctx.api("GET", "/v1/users/ada/connections")).body.data as unknown as Array<{ id: string }>;
    const job = (await ctx.t.db.query<{ payload: { connection_id: string; user_id: string } }>("SELECT payload FROM jobs")).rows[0];
    const entries = (await import("../../src/jobs/catalog.ts")).catalog({ logger: ctx.c.tokens.logger, sync: ctx.c.tokens });
    const handler = entries.find((e) => e.definition.type === "calendar.sync")?.handler;
    await handler?.(job?.payload, { logger: ctx.c.tokens.logger } as never);
    const after = (await ctx.api("GET", "/v1/users/ada/connections")).body.data as unknown as Array<{
      id: string;
      metadata: Record<string, unknown>;
    }>;
    expect(after[0]).toMatchObject({
      id: conn?.id,
      metadata: { verified: { time_zone: expect.any(String) }, verified_at: expect.any(String) },
    });
    // The call went through the shared layer, and /v1/metrics counts it.
    const m = await ctx.api("GET", "/v1/metrics");
    expect(m.body.data).toMatchObject({
      provider_calls: [{ provider: "google", endpoint: "GET /calendar/v3/calendars/:calendarId/events", status: "200", count: 1 }],
      limiter: [{ provider: "google", acquires: 1 }],
      jobs: { queued: 1 },
    });
  });

  it("serves a result page for people when no FRONTEND_URL is set, escaping what it shows", async () => {
    const ok = await ctx.c.app.request("/oauth/result?google=connected");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("google is connected");
    const bad = await (await ctx.c.app.request("/oauth/result?error=invalid_state")).text();
    expect(bad).toContain("could not be matched to this browser");
    const hostile = await (await ctx.c.app.request(`/oauth/result?error=${encodeURIComponent("<script>x</script>")}`)).text();
    expect(hostile).not.toContain("<script>");
    expect(hostile).toContain("&#60;script&#62;");
  });

  it("refreshes Notion's rotating tokens on a 401 and stores the rotated pair; the old refresh token is dead", async () => {
    await connect("notion");
    const row = (await ctx.t.db.query<{ id: string; refresh_token: string | null }>("SELECT id, refresh_token FROM connections")).rows[0];
    expect(row?.refresh_token).not.toBeNull();
    const oldRefresh = ctx.c.ring.decrypt(row?.refresh_token as string, tokenAad(row?.id as string, "refresh_token"));
    const first = await accessToken(ctx.c.tokens, row?.id as string);
    const second = await accessToken(ctx.c.tokens, row?.id as string, { rejected: first });
    expect(second).not.toBe(first);
    const after = (
      await ctx.t.db.query<{ refresh_token: string; last_refreshed_at: Date | null }>(
        "SELECT refresh_token, last_refreshed_at FROM connections",
      )
    ).rows[0];
    expect(ctx.c.ring.decrypt(after?.refresh_token as string, tokenAad(row?.id as string, "refresh_token"))).not.toBe(oldRefresh);
    expect(after?.last_refreshed_at).not.toBeNull();
    // The new access token works at the provider; the old refresh token is rejected there.
    const notion = ctx.c.tokens.providers.get("notion");
    const api = notion?.api({ connectionId: row?.id as string, externalId: "ws", tokens: staticToken(second) });
    await expect(notion?.verify(api)).resolves.toMatchObject({ bot_id: expect.any(String) });
    await expect(ctx.c.tokens.providers.get("notion")?.oauth.refresh(oldRefresh)).rejects.toMatchObject({ grant: "invalid_grant" });
  });

  it("a grant revoked at the provider: the first job refreshes, gets invalid_grant, marks the connection invalid and dead-letters its jobs", async () => {
    await connect("notion");
    const row = (await ctx.t.db.query<{ id: string; refresh_token: string }>("SELECT id, refresh_token FROM connections")).rows[0];
    const refresh = ctx.c.ring.decrypt(row?.refresh_token as string, tokenAad(row?.id as string, "refresh_token"));
    // Revoking the refresh token at Notion revokes the whole grant, its access token too.
    await ctx.c.tokens.providers.get("notion")?.oauth.revoke({ accessToken: refresh, refreshToken: null });
    const job = (await ctx.t.db.query<{ payload: unknown }>("SELECT payload FROM jobs")).rows[0];
    const entries = (await import("../../src/jobs/catalog.ts")).catalog({ logger: ctx.c.tokens.logger, sync: ctx.c.tokens });
    const handler = entries.find((e) => e.definition.type === "notion.sync")?.handler;
    await expect(handler?.(job?.payload, { logger: ctx.c.tokens.logger } as never)).rejects.toMatchObject({ reason: "auth_revoked" });
    const [conn] = (await ctx.api("GET", "/v1/users/ada/connections")).body.data as unknown as Array<{
      status: string;
      last_error: string;
    }>;
    expect(conn).toMatchObject({ status: "invalid", last_error: expect.stringContaining("invalid_grant") });
    expect((await ctx.t.db.query("SELECT dead_letter_reason FROM jobs_finished")).rows).toEqual([{ dead_letter_reason: "auth_revoked" }]);
  });
});
