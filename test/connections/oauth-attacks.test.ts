import { describe, expect, it } from "vitest";
import { STATE_TTL_MS } from "../../src/connections/flow.ts";
import { consent, cookieFrom, pathOf } from "../helpers/connect.ts";
import { FRONTEND, useConnectApp } from "../helpers/connect-app.ts";

const RETURN = `${FRONTEND}/settings`;

/** Every way the OAuth flow can be abused or fail: each ends without a stored connection or job. */
describe("OAuth connect: attacks and failures store nothing", () => {
  const ctx = useConnectApp();
  const sb = ctx.sb;

  const nothingStored = async () => {
    expect((await ctx.t.db.query("SELECT id FROM connections")).rows).toEqual([]);
    expect((await ctx.t.db.query("SELECT id FROM jobs")).rows).toEqual([]);
  };

  async function link(user = "ada", provider = "notion") {
    const s = await ctx.api("POST", "/v1/connect-sessions", { user_id: user, provider, return_url: RETURN });
    expect(s.status).toBe(201);
    return pathOf(s.body.data?.url as string);
  }

  /** Start, then consent; returns the callback path and the state cookie, not yet used. */
  async function upToCallback(user = "ada", provider = "notion", decision: "allow" | "deny" = "allow") {
    const start = await ctx.c.app.request(await link(user, provider));
    expect(start.status).toBe(302);
    const back = await consent(start.headers.get("location") as string, decision);
    return { callback: pathOf(back), cookie: cookieFrom(start.headers.get("set-cookie")) };
  }

  const callback = async (path: string, cookie?: string) => {
    const res = await ctx.c.app.request(path, { headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(302);
    return res.headers.get("location") as string;
  };

  it("forged state: a state parameter that is not the cookie's", async () => {
    const { callback: path, cookie } = await upToCallback();
    const forged = path.replace(/state=[^&]+/, "state=forged-state-value");
    expect(await callback(forged, cookie)).toBe(`${RETURN}?error=invalid_state`);
    await nothingStored();
  });

  it("forged or altered cookie", async () => {
    const { callback: path, cookie } = await upToCallback();
    const [name, value] = cookie.split("=") as [string, string];
    const altered = `${name}=${value.slice(0, -4)}AAAA`;
    expect(await callback(path, altered)).toBe(`${RETURN}?error=invalid_state`);
    expect(await callback(path, `${name}=not.a.cookie`)).toBe(`${RETURN}?error=invalid_state`);
    await nothingStored();
  });

  it("missing cookie", async () => {
    const { callback: path } = await upToCallback();
    expect(await callback(path)).toBe(`${RETURN}?error=invalid_state`);
    await nothingStored();
  });

  it("expired state: the callback comes after the cookie's ten minutes", async () => {
    const { callback: path, cookie } = await upToCallback();
    ctx.c.clock.advance(STATE_TTL_MS + 1000);
    expect(await callback(path, cookie)).toBe(`${RETURN}?error=invalid_state`);
    await nothingStored();
  });

  it("replayed state: a second callback with the same code, state and cookie", async () => {
    const { callback: path, cookie } = await upToCallback();
    expect(await callback(path, cookie)).toBe(`${RETURN}?notion=connected`);
    const before = await ctx.t.db.query("SELECT id, access_token FROM connections");
    expect(await callback(path, cookie)).toBe(`${RETURN}?error=invalid_state`);
    expect((await ctx.t.db.query("SELECT id, access_token FROM connections")).rows).toEqual(before.rows);
    expect((await ctx.t.db.query("SELECT id FROM jobs")).rows).toHaveLength(1);
  });

  it("another user's cookie with this user's callback", async () => {
    const ada = await upToCallback("ada");
    const bob = await upToCallback("bob");
    expect(await callback(ada.callback, bob.cookie)).toBe(`${RETURN}?error=invalid_state`);
    expect(await callback(bob.callback, ada.cookie)).toBe(`${RETURN}?error=invalid_state`);
    await nothingStored();
  });

  it("expired and reused connect links", async () => {
    const path = await link();
    expect((await ctx.c.app.request(path)).status).toBe(302);
    const reused = await ctx.c.app.request(path);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: { details: { reason: "session_used" } } });
    const later = await link();
    ctx.c.clock.advance(16 * 60_000);
    const expired = await ctx.c.app.request(later);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: { details: { reason: "session_expired" } } });
    expect((await ctx.c.app.request("/oauth/notion/start?session=never-issued")).status).toBe(400);
    expect((await ctx.c.app.request(later.replace("/notion/", "/google/"))).status).toBe(400);
    await nothingStored();
  });

  it("a return URL outside the allow list is refused when the link is made", async () => {
    for (const bad of [
      "https://evil.example.com/settings",
      "javascript:alert(1)",
      "http://127.0.0.1:3000@evil.example.com/",
      "//evil.example.com",
    ]) {
      const res = await ctx.api("POST", "/v1/connect-sessions", { user_id: "ada", provider: "notion", return_url: bad });
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toContain("body.return_url");
    }
    expect((await ctx.t.db.query("SELECT id FROM connect_sessions")).rows).toEqual([]);
    const allowed = await ctx.api("POST", "/v1/connect-sessions", {
      user_id: "ada",
      provider: "notion",
      return_url: "https://app.example.com/after",
    });
    expect(allowed.status).toBe(201);
  });

  it("the provider fails the code exchange", async () => {
    const { callback: path, cookie } = await upToCallback();
    await fetch(`${sb.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ path: "^/v1/oauth/token$", status: 500, count: 1 }),
    });
    expect(await callback(path, cookie)).toBe(`${RETURN}?error=oauth_exchange_failed`);
    await nothingStored();
  });

  it("a code the provider does not know (invalid_grant)", async () => {
    const { callback: path, cookie } = await upToCallback();
    expect(await callback(path.replace(/code=[^&]+/, "code=bogus"), cookie)).toBe(`${RETURN}?error=oauth_exchange_failed`);
    await nothingStored();
  });

  it("the entitlement is missing at start", async () => {
    const path = await link();
    await ctx.api("PUT", "/v1/users/ada", { entitlements: ["calendar_sync"] });
    const start = await ctx.c.app.request(path);
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toBe(`${RETURN}?error=not_entitled`);
    expect(start.headers.get("set-cookie")).toBeNull();
    await nothingStored();
  });

  it("the entitlement is missing at callback", async () => {
    const { callback: path, cookie } = await upToCallback();
    await ctx.api("PUT", "/v1/users/ada", { entitlements: [] });
    expect(await callback(path, cookie)).toBe(`${RETURN}?error=not_entitled`);
    await nothingStored();
  });

  it("the entitlement is missing when the link is asked for", async () => {
    const res = await ctx.api("POST", "/v1/connect-sessions", { user_id: "bob", provider: "google" });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "not_entitled" } } });
    expect((await ctx.api("POST", "/v1/connect-sessions", { user_id: "nobody", provider: "google" })).status).toBe(404);
  });

  it("the user clicks Deny on the consent page", async () => {
    for (const provider of ["notion", "google"]) {
      const { callback: path, cookie } = await upToCallback("ada", provider, "deny");
      expect(await callback(path, cookie)).toBe(`${RETURN}?error=access_denied`);
    }
    await nothingStored();
  });

  it("PKCE: Google's authorize URL carries an S256 challenge and never the verifier", async () => {
    const start = await ctx.c.app.request(await link("ada", "google"));
    const url = new URL(start.headers.get("location") as string);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The cookie is sealed: neither the state nor anything readable is in it.
    const cookie = cookieFrom(start.headers.get("set-cookie"));
    expect(cookie).not.toContain(url.searchParams.get("state") as string);
    expect(Buffer.from(cookie.split("=")[1] ?? "", "base64url").toString("utf8")).not.toContain("ada");
  });
});
