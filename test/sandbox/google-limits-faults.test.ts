import { beforeEach, describe, expect, it } from "vitest";
import { calendarFor, googleFailure, hour } from "../helpers/google.ts";
import { type MintedGoogle, useSandbox } from "../helpers/sandbox.ts";

/** Google's quota, fault injection on its endpoints, and bad input answered in Google's error shape. */
describe("sandbox: Google quota, faults and bad input", () => {
  const sb = useSandbox();
  let minted: MintedGoogle;
  const put = (path: string, body: unknown, method = "POST") => fetch(`${sb.url}${path}`, { method, body: JSON.stringify(body) });
  /** Only an access token: a 403 must not send the client off to refresh. */
  const cal = () => calendarFor(sb.url, { access_token: minted.access_token }).cal;

  beforeEach(async () => {
    await sb.reset();
    minted = await sb.mintGoogle();
  });

  it("limits each account's requests with 403 rateLimitExceeded, userRateLimitExceeded or 429, as configured", async () => {
    await sb.reset({ rateLimits: true });
    minted = await sb.mintGoogle();
    expect(await (await fetch(`${sb.url}/__sandbox/rate-limits`)).json()).toMatchObject({
      google: { enabled: true, rate: 10, burst: 50, error: "rateLimitExceeded" },
    });
    await put("/__sandbox/rate-limits", { google: { rate: 0.01, burst: 3 } }, "PUT");
    for (let i = 0; i < 3; i++) await cal().calendars.get({ calendarId: "primary" });
    const limited = cal().calendars.get({ calendarId: "primary" });
    await expect(limited).rejects.toMatchObject(googleFailure(403, "rateLimitExceeded"));
    await expect(limited).rejects.toMatchObject({
      response: expect.objectContaining({
        data: { error: expect.objectContaining({ errors: [expect.objectContaining({ domain: "usageLimits" })] }) },
      }),
    });
    const other = await sb.mintGoogle();
    await expect(calendarFor(sb.url, other).cal.calendars.get({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    await put("/__sandbox/rate-limits", { google: { error: "userRateLimitExceeded" } }, "PUT");
    await expect(cal().calendars.get({ calendarId: "primary" })).rejects.toMatchObject(googleFailure(403, "userRateLimitExceeded"));
    await put("/__sandbox/rate-limits", { google: { error: "429" } }, "PUT");
    const res = await fetch(`${sb.url}/calendar/v3/calendars/primary`, { headers: { authorization: `Bearer ${minted.access_token}` } });
    expect([res.status, Number(res.headers.get("retry-after")) >= 1]).toEqual([429, true]);
    expect(await res.json()).toMatchObject({
      error: { code: 429, status: "RESOURCE_EXHAUSTED", errors: [{ reason: "rateLimitExceeded" }] },
    });
    const bad = await put("/__sandbox/rate-limits", { google: { error: "teapot" } }, "PUT");
    expect(await bad.json()).toMatchObject({ error: { code: "validation_error", message: expect.stringContaining("google.error") } });
  });

  it("injects exactly the configured Google-shaped failures on a Calendar endpoint, then stops", async () => {
    const rule = await put("/__sandbox/faults", { method: "GET", path: "^/calendar/v3/calendars/[^/]+/events$", status: 503, count: 2 });
    expect(rule.status).toBe(201);
    for (let i = 0; i < 2; i++)
      await expect(cal().events.list({ calendarId: "primary" })).rejects.toMatchObject(googleFailure(503, "backendError"));
    await expect(cal().events.list({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    await put("/__sandbox/faults", {
      path: "^/calendar/v3/",
      status: 403,
      code: "quotaExceeded",
      message: "Calendar usage limits exceeded.",
      count: 1,
    });
    await expect(cal().events.insert({ calendarId: "primary", requestBody: { start: hour(9), end: hour(10) } })).rejects.toMatchObject({
      status: 403,
      response: expect.objectContaining({
        data: {
          error: {
            code: 403,
            message: "Calendar usage limits exceeded.",
            status: "PERMISSION_DENIED",
            errors: [{ domain: "usageLimits", reason: "quotaExceeded", message: "Calendar usage limits exceeded." }],
          },
        },
      }),
    });
    await put("/__sandbox/faults", { path: "^/token$", status: 500, count: 1 });
    const token = await fetch(`${sb.url}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token" }) });
    expect([token.status, await token.json()]).toEqual([500, { error: "internal_failure", error_description: "Injected fault." }]);
    await put("/__sandbox/faults", { path: "^/calendar/v3/users/me/calendarList$", hang_ms: 20, count: 1 });
    const hung = await fetch(`${sb.url}/calendar/v3/users/me/calendarList`, {
      headers: { authorization: `Bearer ${minted.access_token}` },
    });
    expect([hung.status, ((await hung.json()) as { error: { code: number } }).error.code]).toEqual([504, 504]);
    const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_status: Record<string, number> };
    expect([log.by_status["503"], log.by_status["403"]]).toEqual([2, 1]);
    expect(await (await fetch(`${sb.url}/__sandbox/faults`)).json()).toEqual({ rules: [] });
  });

  it("answers bad requests in Google's shape and status", async () => {
    const events = `${sb.url}/calendar/v3/calendars/primary/events`;
    const auth = { authorization: `Bearer ${minted.access_token}`, "content-type": "application/json" };
    const call = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
      const body = (await res.json()) as { error: { code: number; errors: Array<{ reason: string }> } };
      return [res.status, body.error.code, body.error.errors[0]?.reason];
    };
    expect(await call(events, { headers: { authorization: "" } })).toEqual([401, 401, "required"]);
    const badToken = await fetch(events, { headers: { authorization: "Bearer ya29.nope" } });
    expect(badToken.headers.get("www-authenticate")).toContain("Bearer");
    expect(await badToken.json()).toMatchObject({
      error: {
        code: 401,
        message: "Invalid Credentials",
        status: "UNAUTHENTICATED",
        errors: [{ reason: "authError", locationType: "header", location: "Authorization" }],
      },
    });
    expect(await call(events, { method: "POST", body: "{not json" })).toEqual([400, 400, "parseError"]);
    expect(await call(events, { method: "POST", body: "[1,2]" })).toEqual([400, 400, "parseError"]);
    expect(await call(events, { method: "POST", body: JSON.stringify({ summary: 5, start: hour(9), end: hour(10) }) })).toEqual([
      400,
      400,
      "invalid",
    ]);
    expect(await call(events, { method: "POST", body: JSON.stringify({ start: "9am", end: hour(10) }) })).toEqual([400, 400, "invalid"]);
    expect(
      await call(`${events}?sendUpdates=everyone`, { method: "POST", body: JSON.stringify({ start: hour(9), end: hour(10) }) }),
    ).toEqual([400, 400, "invalid"]);
    expect(await call(`${events}/abcdef`, { method: "POST", body: "{}" })).toEqual([404, 404, "notFound"]);
    expect(await call(`${sb.url}/calendar/v3/colors/nope`)).toEqual([404, 404, "notFound"]);
    const big = JSON.stringify({ description: "x".repeat(2 * 1024 * 1024), start: hour(9), end: hour(10) });
    expect(await call(events, { method: "POST", body: big })).toEqual([413, 413, "uploadTooLarge"]);
    const readonly = await sb.mintGoogle({ scope: "https://www.googleapis.com/auth/calendar.readonly" });
    const ro = calendarFor(sb.url, { access_token: readonly.access_token }).cal;
    await expect(ro.events.list({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    await expect(ro.events.insert({ calendarId: "primary", requestBody: { start: hour(9), end: hour(10) } })).rejects.toMatchObject(
      googleFailure(403, "insufficientPermissions"),
    );
  });
});
