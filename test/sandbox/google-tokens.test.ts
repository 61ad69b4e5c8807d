import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.ts";
import { calendarFor, googleFailure } from "../helpers/google.ts";
import { useSandbox } from "../helpers/sandbox.ts";

/** Access-token lifetime on the sandbox's clock, transparent refresh by google-auth-library, control-API revoke/expire, reset. */
describe("sandbox: Google token lifetime and control", () => {
  const clock = new FakeClock();
  const sb = useSandbox({ clock });
  const control = (path: string, body: unknown = {}, method = "POST") =>
    fetch(`${sb.url}/__sandbox/google/${path}`, { method, body: JSON.stringify(body) });
  const counts = async () =>
    (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as {
      by_endpoint: Record<string, number>;
      by_status: Record<string, number>;
    };

  beforeEach(() => sb.reset());

  it("expires access tokens after an hour; the official client refreshes on the 401 and carries on", async () => {
    const minted = await sb.mintGoogle();
    expect(minted.expires_in).toBe(3599);
    const { auth, cal } = calendarFor(sb.url, minted);
    const refreshed: unknown[] = [];
    auth.on("tokens", (t) => refreshed.push(t));
    await cal.events.list({ calendarId: "primary" });
    clock.advance(3599_000);
    const res = await cal.events.list({ calendarId: "primary" });
    expect(res.status).toBe(200);
    expect(refreshed).toEqual([expect.objectContaining({ access_token: expect.stringMatching(/^ya29\./), token_type: "Bearer" })]);
    const log = await counts();
    expect(log.by_status["401"]).toBe(1);
    expect(log.by_endpoint["POST /token"]).toBe(1);
    const stale = calendarFor(sb.url, { access_token: minted.access_token }).cal;
    await expect(stale.calendars.get({ calendarId: "primary" })).rejects.toMatchObject(googleFailure(401, "authError"));
  });

  it("takes the lifetime from the control API and expires or revokes tokens on request", async () => {
    expect(await (await control("settings", { access_token_lifetime_seconds: 60 }, "PUT")).json()).toEqual({
      access_token_lifetime_seconds: 60,
    });
    const minted = await sb.mintGoogle();
    expect(minted.expires_in).toBe(60);
    const bare = () => calendarFor(sb.url, { access_token: minted.access_token }).cal;
    clock.advance(59_000);
    await expect(bare().calendars.get({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    clock.advance(1_000);
    await expect(bare().calendars.get({ calendarId: "primary" })).rejects.toMatchObject(googleFailure(401, "authError"));

    const second = await sb.mintGoogle({ account_id: minted.account_id });
    expect(second.calendar_id).toBe(minted.calendar_id);
    expect(await (await control("tokens/expire", { token: second.access_token })).json()).toEqual({ expired: 1 });
    const { cal } = calendarFor(sb.url, second);
    await expect(cal.calendars.get({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    expect((await control("tokens/revoke", { token: second.refresh_token })).status).toBe(200);
    await expect(cal.calendars.get({ calendarId: "primary" })).rejects.toMatchObject({
      status: 400,
      response: expect.objectContaining({ data: expect.objectContaining({ error: "invalid_grant" }) }),
    });
    expect((await control("tokens/revoke", { token: second.refresh_token })).status).toBe(404);
  });

  it("forgets Google accounts, grants, clients and settings on reset", async () => {
    await control("settings", { access_token_lifetime_seconds: 5 }, "PUT");
    await control("oauth-clients", { client_id: "temp-client", redirect_uris: ["http://127.0.0.1:1/cb"] });
    const minted = await sb.mintGoogle({ client_id: "temp-client" });
    await sb.reset();
    const { cal } = calendarFor(sb.url, { access_token: minted.access_token });
    await expect(cal.calendarList.list()).rejects.toMatchObject({ status: 401 });
    expect(await (await fetch(`${sb.url}/__sandbox/google/calendars`)).json()).toEqual({ calendars: [] });
    expect(await (await fetch(`${sb.url}/__sandbox/google/settings`)).json()).toEqual({ access_token_lifetime_seconds: 3599 });
    const clients = (await (await fetch(`${sb.url}/__sandbox/google/oauth-clients`)).json()) as { clients: Array<{ client_id: string }> };
    expect(clients.clients.map((c) => c.client_id)).toEqual(["ferry-sandbox-google-client"]);
  });
});
