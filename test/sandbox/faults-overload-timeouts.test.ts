import { APIErrorCode, Client, RequestTimeoutError } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { calendarFor } from "../helpers/google.ts";
import { type MintedGoogle, useSandbox } from "../helpers/sandbox.ts";

/** Notion's 529 service_overload, and network timeouts (hang_ms) on both providers, through the official clients. */
describe("sandbox: overload and timeout faults", () => {
  const sb = useSandbox();
  const fault = (body: unknown) => fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(body) });
  let notionToken: string;
  let google: MintedGoogle;

  beforeEach(async () => {
    await sb.reset();
    notionToken = (await sb.mintNotion()).access_token;
    google = await sb.mintGoogle();
  });

  it("answers Notion's 529 service_overload on the wire and to the client", async () => {
    expect((await fault({ status: 529, code: "service_overload", count: 2 })).status).toBe(201);
    const res = await fetch(`${sb.url}/v1/users/me`, {
      headers: { authorization: `Bearer ${notionToken}`, "notion-version": "2025-09-03" },
    });
    expect(res.status).toBe(529);
    expect(await res.json()).toEqual({
      object: "error",
      status: 529,
      code: "service_overload",
      message: "Injected fault (service_overload).",
      request_id: res.headers.get("x-notion-request-id"),
    });
    await expect(new Client({ auth: notionToken, baseUrl: sb.url, retry: false }).users.me({})).rejects.toMatchObject({
      code: APIErrorCode.ServiceOverload,
      status: 529,
    });
    await expect(new Client({ auth: notionToken, baseUrl: sb.url, retry: false }).users.me({})).resolves.toMatchObject({ object: "user" });
  });

  it("times out a Calendar call, and answers 504 in Google's shape once the hang ends", async () => {
    const { cal } = calendarFor(sb.url, google);
    await fault({ path: "^/calendar/v3/users/me/calendarList$", hang_ms: 1500, count: 1 });
    const started = Date.now();
    await expect(cal.calendarList.list({}, { timeout: 200 })).rejects.toThrow(/timeout|abort/i);
    expect(Date.now() - started).toBeLessThan(1400);
    await expect(cal.calendarList.list({})).resolves.toMatchObject({ status: 200 });
    await fault({ path: "^/calendar/v3/users/me/calendarList$", hang_ms: 30, count: 1 });
    await expect(cal.calendarList.list({})).rejects.toMatchObject({ status: 504, response: expect.objectContaining({ status: 504 }) });
  });

  it("times out Google's token endpoint for google-auth-library's refresh, then answers OAuth's 504", async () => {
    const { auth } = calendarFor(sb.url, google);
    auth.transporter.defaults = { ...auth.transporter.defaults, timeout: 200 };
    await fault({ method: "POST", path: "^/token$", hang_ms: 1500, count: 1 });
    await expect(auth.refreshAccessToken()).rejects.toThrow(/timeout|abort/i);
    await expect(auth.refreshAccessToken()).resolves.toMatchObject({ credentials: { access_token: expect.stringMatching(/^ya29\./) } });
    await fault({ method: "POST", path: "^/token$", hang_ms: 30, count: 1 });
    const hung = await fetch(`${sb.url}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token" }) });
    expect([hung.status, await hung.json()]).toEqual([504, { error: "deadline_exceeded", error_description: "Deadline exceeded." }]);
  });

  it("times out a Notion call with the client's timeoutMs, then answers Notion's 504", async () => {
    await fault({ path: "^/v1/users/me$", hang_ms: 1500, count: 1 });
    await expect(new Client({ auth: notionToken, baseUrl: sb.url, retry: false, timeoutMs: 200 }).users.me({})).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    await fault({ path: "^/v1/users/me$", hang_ms: 30, count: 1 });
    const hung = await fetch(`${sb.url}/v1/users/me`, {
      headers: { authorization: `Bearer ${notionToken}`, "notion-version": "2025-09-03" },
    });
    expect([hung.status, await hung.json()]).toEqual([
      504,
      { object: "error", status: 504, code: "gateway_timeout", message: "Gateway timeout." },
    ]);
  });
});
