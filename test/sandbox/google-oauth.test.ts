import { CodeChallengeMethod } from "google-auth-library";
import { beforeEach, describe, expect, it } from "vitest";
import { calendarClient, oauthClient, oauthFailure } from "../helpers/google.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const REDIRECT = "http://127.0.0.1:3999/oauth/google/callback";
const SCOPE = "https://www.googleapis.com/auth/calendar.events";

/** Google's OAuth server: a person's consent, then google-auth-library's token, refresh, revoke and tokeninfo calls. */
describe("sandbox: Google OAuth", () => {
  const sb = useSandbox();
  let client: { client_id: string; client_secret: string };
  const auth = () => oauthClient(sb.url, { clientId: client.client_id, clientSecret: client.client_secret, redirectUri: REDIRECT });

  beforeEach(async () => {
    await sb.reset();
    const res = await fetch(`${sb.url}/__sandbox/google/oauth-clients`, {
      method: "POST",
      body: JSON.stringify({ redirect_uris: [REDIRECT], name: "Calendly-ish" }),
    });
    expect(res.status).toBe(201);
    client = (await res.json()) as typeof client;
  });

  /** Opens the consent page at the URL the library generates, then submits its form the way a browser would. */
  async function consent(url: string, decision: "allow" | "deny", account = "new"): Promise<URL> {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Calendly-ish wants to access your Google Account");
    expect(html).toContain(SCOPE);
    const form = new URLSearchParams({ account, decision });
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.set(
        m[1] as string,
        (m[2] as string).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      );
    const res = await fetch(`${sb.url}/o/oauth2/v2/auth`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") as string);
  }

  it("exchanges a PKCE code once for tokens that work, refreshes without rotating, and revokes", async () => {
    const oauth = auth();
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const url = oauth.generateAuthUrl({
      access_type: "offline",
      prompt: "consent",
      scope: [SCOPE],
      state: "st-1",
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
    });
    expect(url.startsWith(`${sb.url}/o/oauth2/v2/auth?`)).toBe(true);
    const back = await consent(url, "allow");
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-1");
    const code = back.searchParams.get("code") as string;

    const { tokens } = await oauth.getToken({ code, codeVerifier });
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: SCOPE, refresh_token: expect.stringMatching(/^1\/\//) });
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3500_000);
    await expect(oauth.getToken({ code, codeVerifier })).rejects.toMatchObject(oauthFailure(400, "invalid_grant", "Bad Request"));

    oauth.setCredentials(tokens);
    const primary = await calendarClient(sb.url, oauth).calendars.get({ calendarId: "primary" });
    expect(primary.data).toMatchObject({ kind: "calendar#calendar", id: expect.stringContaining("@sandbox.test") });
    const info = await oauth.getTokenInfo(tokens.access_token as string);
    expect(info).toMatchObject({ aud: client.client_id, scopes: [SCOPE], email: primary.data.id });

    const refreshed = await oauth.refreshAccessToken();
    expect(refreshed.credentials.access_token).not.toBe(tokens.access_token);
    expect(refreshed.credentials.refresh_token).toBe(tokens.refresh_token);
    const other = auth();
    other.setCredentials({ refresh_token: tokens.refresh_token });
    const again = await other.refreshAccessToken();
    expect(again.credentials.access_token).toMatch(/^ya29\./);

    await oauth.revokeToken(tokens.refresh_token as string);
    await expect(other.refreshAccessToken()).rejects.toMatchObject(
      oauthFailure(400, "invalid_grant", "Token has been expired or revoked."),
    );
    const revoked = oauthClient(sb.url);
    revoked.setCredentials({ access_token: again.credentials.access_token as string });
    await expect(calendarClient(sb.url, revoked).calendars.get({ calendarId: "primary" })).rejects.toMatchObject({ status: 401 });
    await expect(oauth.revokeToken(tokens.refresh_token as string)).rejects.toMatchObject(oauthFailure(400, "invalid_token"));
  });

  it("rejects a wrong or missing PKCE verifier and a redirect_uri that differs from the authorize request", async () => {
    const oauth = auth();
    const { codeChallenge } = await oauth.generateCodeVerifierAsync();
    const url = () =>
      oauth.generateAuthUrl({ scope: [SCOPE], code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 });
    const code1 = (await consent(url(), "allow")).searchParams.get("code") as string;
    const wrong = "x".repeat(64);
    await expect(oauth.getToken({ code: code1, codeVerifier: wrong })).rejects.toMatchObject(
      oauthFailure(400, "invalid_grant", "Invalid code verifier."),
    );
    const code2 = (await consent(url(), "allow")).searchParams.get("code") as string;
    await expect(oauth.getToken({ code: code2 })).rejects.toMatchObject(oauthFailure(400, "invalid_grant", "Missing code verifier."));
    const code3 = (await consent(url(), "allow")).searchParams.get("code") as string;
    await expect(oauth.getToken({ code: code3, codeVerifier: wrong, redirect_uri: `${REDIRECT}/` })).rejects.toMatchObject(
      oauthFailure(400, "redirect_uri_mismatch"),
    );
  });

  it("gives no refresh token to an online request, and lets a person deny or pick an existing account", async () => {
    const minted = await sb.mintGoogle({ email: "ada@sandbox.test" });
    const oauth = auth();
    const denied = await consent(oauth.generateAuthUrl({ scope: [SCOPE], state: "s" }), "deny");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("code")).toBeNull();
    const back = await consent(oauth.generateAuthUrl({ scope: [SCOPE] }), "allow", minted.account_id);
    const { tokens } = await oauth.getToken(back.searchParams.get("code") as string);
    expect(tokens.refresh_token).toBeUndefined();
    expect(await oauth.getTokenInfo(tokens.access_token as string)).toMatchObject({ email: "ada@sandbox.test", access_type: "online" });
  });

  it("refuses unknown clients, unregistered redirect URIs and missing scopes before consent", async () => {
    const base = { client_id: client.client_id, redirect_uri: REDIRECT, response_type: "code", scope: SCOPE };
    const open = (over: Record<string, string>) =>
      fetch(`${sb.url}/o/oauth2/v2/auth?${new URLSearchParams({ ...base, ...over })}`, { redirect: "manual" });
    const unknown = await open({ client_id: "nobody" });
    expect([unknown.status, await unknown.text()]).toEqual([400, expect.stringContaining("invalid_client")]);
    const elsewhere = await open({ redirect_uri: "https://evil.example/cb" });
    expect([elsewhere.status, await elsewhere.text()]).toEqual([400, expect.stringContaining("redirect_uri_mismatch")]);
    expect((await open({ scope: "" })).status).toBe(400);
    expect((await open({ scope: "https://www.googleapis.com/auth/drive" })).status).toBe(400);
    const garbled = await fetch(`${sb.url}/o/oauth2/v2/auth`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: "not multipart",
    });
    expect(garbled.status).toBe(400);
    const token = await open({ response_type: "token" });
    expect(new URL(token.headers.get("location") as string).searchParams.get("error")).toBe("unsupported_response_type");
  });

  it("authenticates clients at the token endpoint by body or Basic, and names bad grants", async () => {
    const minted = await sb.mintGoogle({ client_id: client.client_id });
    const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${sb.url}/token`, { method: "POST", body: new URLSearchParams(body), headers });
    const ok = await token(
      { grant_type: "refresh_token", refresh_token: minted.refresh_token },
      { authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}` },
    );
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ access_token: expect.any(String), expires_in: 3599, token_type: "Bearer" });
    expect(body).not.toHaveProperty("refresh_token");
    const badSecret = await token({
      grant_type: "refresh_token",
      refresh_token: minted.refresh_token,
      client_id: client.client_id,
      client_secret: "nope",
    });
    expect([badSecret.status, await badSecret.json()]).toEqual([401, { error: "invalid_client", error_description: "Unauthorized" }]);
    const creds = { client_id: client.client_id, client_secret: client.client_secret };
    const grant = await token({ grant_type: "password", ...creds });
    expect([grant.status, ((await grant.json()) as { error: string }).error]).toEqual([400, "unsupported_grant_type"]);
    const made = await token({ grant_type: "authorization_code", code: "4/made-up", redirect_uri: REDIRECT, ...creds });
    expect([made.status, ((await made.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
    const other = await token({ grant_type: "refresh_token", refresh_token: "1//unknown", ...creds });
    expect(await other.json()).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
  });
});
