import { Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { clickConsent } from "../../src/sandbox/consent.ts";
import { oauthClient } from "../helpers/google.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const NOTION_REDIRECT = "https://ferry.example.com/oauth/notion/callback";
const GOOGLE_REDIRECT = "https://ferry.example.com/oauth/google/callback";

/** Registering redirect URIs for the default clients, as docs/connections.md tells operators to. */
describe("sandbox: OAuth client registration", () => {
  const sb = useSandbox();
  // `curl -X POST <url> -d '<json>'`, exactly as in the doc (curl sends it as a form content type).
  const curl = (path: string, json: string) =>
    fetch(`${sb.url}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: json });

  beforeEach(() => sb.reset());

  it("adds a redirect URI to Notion's default client and keeps its secret: the token exchange works", async () => {
    const res = await curl(
      "/__sandbox/notion/oauth-clients",
      `{"client_id":"ferry-sandbox-client","redirect_uris":["${NOTION_REDIRECT}"]}`,
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      client_id: "ferry-sandbox-client",
      client_secret: "ferry-sandbox-secret",
      redirect_uris: [NOTION_REDIRECT],
      name: "Ferry (sandbox)",
    });
    const query = new URLSearchParams({
      client_id: "ferry-sandbox-client",
      redirect_uri: NOTION_REDIRECT,
      response_type: "code",
      owner: "user",
      state: "s",
    });
    const back = new URL(await clickConsent(`${sb.url}/v1/oauth/authorize?${query}`, "allow"));
    const code = back.searchParams.get("code") as string;
    const tokens = await new Client({ baseUrl: sb.url, retry: false }).oauth.token({
      grant_type: "authorization_code",
      code,
      redirect_uri: NOTION_REDIRECT,
      client_id: "ferry-sandbox-client",
      client_secret: "ferry-sandbox-secret",
    });
    expect(tokens).toMatchObject({ token_type: "bearer", access_token: expect.any(String) });
  });

  it("adds a redirect URI to Google's default client and keeps its secret: getToken works", async () => {
    const res = await curl(
      "/__sandbox/google/oauth-clients",
      `{"client_id":"ferry-sandbox-google-client","redirect_uris":["${GOOGLE_REDIRECT}"]}`,
    );
    expect(await res.json()).toMatchObject({ client_id: "ferry-sandbox-google-client", client_secret: "ferry-sandbox-google-secret" });
    const auth = oauthClient(sb.url, {
      clientId: "ferry-sandbox-google-client",
      clientSecret: "ferry-sandbox-google-secret",
      redirectUri: GOOGLE_REDIRECT,
    });
    const url = auth.generateAuthUrl({ access_type: "offline", scope: ["https://www.googleapis.com/auth/calendar.events"], state: "s" });
    const back = new URL(await clickConsent(url, "allow"));
    const { tokens } = await auth.getToken(back.searchParams.get("code") as string);
    expect(tokens).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), refresh_token: expect.any(String) });
  });

  it("gives a new client without a secret a random one, and changes a known client's secret or name only when told", async () => {
    const made = (await (
      await curl("/__sandbox/notion/oauth-clients", `{"client_id":"mine","redirect_uris":["${NOTION_REDIRECT}"]}`)
    ).json()) as {
      client_secret: string;
    };
    expect(made.client_secret).toMatch(/^secret_/);
    const again = await (
      await curl("/__sandbox/notion/oauth-clients", `{"client_id":"mine","redirect_uris":["${NOTION_REDIRECT}"],"name":"Mine"}`)
    ).json();
    expect(again).toMatchObject({ client_secret: made.client_secret, name: "Mine" });
    const changed = await (
      await curl(
        "/__sandbox/notion/oauth-clients",
        `{"client_id":"mine","client_secret":"a-new-secret","redirect_uris":["${NOTION_REDIRECT}"]}`,
      )
    ).json();
    expect(changed).toMatchObject({ client_secret: "a-new-secret", name: "Mine" });
    const listed = (await (await fetch(`${sb.url}/__sandbox/notion/oauth-clients`)).json()) as { clients: Array<{ client_id: string }> };
    expect(listed.clients.map((c) => c.client_id)).toEqual(["ferry-sandbox-client", "mine"]);
  });
});
