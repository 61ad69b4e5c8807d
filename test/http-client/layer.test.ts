import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NonRetryableError } from "../../src/errors.ts";
import { ProviderRetryableError } from "../../src/http-client/errors.ts";
import { ProviderUnauthorizedError } from "../../src/providers/errors.ts";
import { googleCalendarApi } from "../../src/providers/google/client.ts";
import { notionApi } from "../../src/providers/notion/client.ts";
import type { ProviderRuntime } from "../../src/providers/runtime.ts";
import { staticToken } from "../../src/providers/tokens.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { testRuntime } from "../helpers/providers.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const title = (s: string) => ({ title: { title: [{ type: "text" as const, text: { content: s } }] } });

/** The provider call layer against the sandbox, through the official clients. */
describe("provider call layer: retries, pauses and error classes", () => {
  const sb = useSandbox();
  let t: TestDb;
  let rt: ProviderRuntime;
  let token: string;
  // Buckets live in the database across tests: each test gets keys of its own.
  let workspaceId: string;

  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await sb.reset();
    token = (await sb.mintNotion()).access_token;
    rt = testRuntime(t.db);
    workspaceId = randomUUID();
  });

  const generous = { perSecond: 1000, burst: 1000 };
  const notionLimits = { connection: generous, workspace: generous };
  const session = (tk: string, connectionId: string, externalId: string) => ({ connectionId, externalId, tokens: staticToken(tk) });
  const notion = (tk = token) => notionApi(rt, sb.url, notionLimits, session(tk, randomUUID(), workspaceId));
  const fault = (rule: Record<string, unknown>) => fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(rule) });
  const counts = async () =>
    ((await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_endpoint: Record<string, number> }).by_endpoint;
  // The clients throw Ferry's classified errors themselves: nothing to wrap.
  const call = <T>(p: Promise<T>) => p;

  it("honours Retry-After on a 429: waits that long, then succeeds", async () => {
    await fault({ method: "GET", path: "^/v1/users/me$", status: 429, code: "rate_limited", retry_after_seconds: 1, count: 1 });
    const started = Date.now();
    await expect(notion().users.me({})).resolves.toMatchObject({ type: "bot" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await counts())["GET /v1/users/me"]).toBe(2);
    expect(rt.metrics.snapshot().calls).toEqual(
      expect.arrayContaining([
        { provider: "notion", endpoint: "GET /v1/users/me", status: "429", count: 1 },
        { provider: "notion", endpoint: "GET /v1/users/me", status: "200", count: 1 },
      ]),
    );
  });

  it("backs off and retries a 5xx on an idempotent request", async () => {
    await fault({ method: "GET", path: "^/v1/users/me$", status: 503, code: "service_unavailable", count: 2 });
    await expect(notion().users.me({})).resolves.toMatchObject({ type: "bot" });
    expect((await counts())["GET /v1/users/me"]).toBe(3);
  });

  it("retries Notion's 409 conflict_error, even on a write", async () => {
    const page = await notion().pages.create({ parent: { workspace: true }, properties: title("P") });
    await fault({ method: "PATCH", path: "^/v1/pages/", status: 409, code: "conflict_error", count: 1 });
    await expect(notion().pages.update({ page_id: page.id, properties: title("Q") })).resolves.toMatchObject({ id: page.id });
    expect((await counts())["PATCH /v1/pages/:id"]).toBe(2);
  });

  it("does not repeat a non-idempotent request after a 5xx (it may have happened): a retryable error for the queue", async () => {
    await fault({ method: "POST", path: "^/v1/pages$", status: 500, code: "internal_server_error", count: 1 });
    const err = await call(notion().pages.create({ parent: { workspace: true }, properties: title("once") })).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderRetryableError);
    expect((await counts())["POST /v1/pages"]).toBe(1);
  });

  it("repeats read-only POSTs (search, queries) after a 5xx", async () => {
    await fault({ method: "POST", path: "^/v1/search$", status: 502, code: "bad_gateway", count: 1 });
    await expect(notion().search({ query: "x" })).resolves.toMatchObject({ object: "list" });
    expect((await counts())["POST /v1/search"]).toBe(2);
  });

  it("classifies errors for the queue: 401 auth, 404 not found, 400 invalid, rate limits past the attempts retryable with a hint", async () => {
    await expect(call(notion("ntn_wrong").users.me({}))).rejects.toBeInstanceOf(ProviderUnauthorizedError);
    const missing = await call(notion().pages.retrieve({ page_id: randomUUID() })).catch((e) => e);
    expect(missing).toBeInstanceOf(NonRetryableError);
    expect(missing).toMatchObject({ reason: "not_found" });
    const invalid = await call(notion().pages.create({ parent: { workspace: true }, properties: title("x".repeat(2001)) })).catch((e) => e);
    expect(invalid).toMatchObject({ reason: "invalid_request" });
    await fault({ method: "GET", path: "^/v1/users$", status: 429, code: "rate_limited", retry_after_seconds: 30, count: 5 });
    const limited = await call(notion().users.list({})).catch((e) => e);
    expect(limited).toBeInstanceOf(ProviderRetryableError);
    expect(limited.retryAfterMs).toBe(30_000);
    // The deadline (20 s in the test policy) stopped it before a 30-second wait: one request only.
    expect((await counts())["GET /v1/users"]).toBe(1);
  });

  it("pauses the key for every client that shares it: a second runtime (another process) waits out the Retry-After", async () => {
    const connectionId = randomUUID();
    const other = testRuntime(t.db);
    const a = notionApi(rt, sb.url, notionLimits, session(token, connectionId, workspaceId));
    const b = notionApi(other, sb.url, notionLimits, session(token, connectionId, workspaceId));
    await b.users.me({});
    await fault({ method: "GET", path: "^/v1/users/me$", status: 429, code: "rate_limited", retry_after_seconds: 2, count: 1 });
    const aDone = a.users.me({});
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await b.users.list({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    await aDone;
    expect(other.metrics.snapshot().limiter[0]?.wait_ms_max).toBeGreaterThanOrEqual(1200);
  });

  it("Google: a 403 rateLimitExceeded is a rate limit (paused and retried); a 404 is final", async () => {
    const minted = (await (await fetch(`${sb.url}/__sandbox/google/tokens`, { method: "POST", body: "" })).json()) as {
      access_token: string;
      account_id: string;
    };
    const cal = googleCalendarApi(
      rt,
      `${sb.url}/`,
      { user: generous, project: generous },
      session(minted.access_token, randomUUID(), minted.account_id),
    );
    await fault({
      method: "GET",
      path: "^/calendar/v3/calendars/[^/]+/events$",
      status: 403,
      code: "rateLimitExceeded",
      retry_after_seconds: 1,
      count: 1,
    });
    await expect(cal.events.list({ calendarId: "primary" })).resolves.toMatchObject({ status: 200 });
    expect((await counts())["GET /calendar/v3/calendars/:calendarId/events"]).toBe(2);
    const gone = await call(cal.events.get({ calendarId: "primary", eventId: "nosuchevent1" })).catch((e) => e);
    expect(gone).toMatchObject({ reason: "not_found" });
    await fault({ method: "POST", path: "^/calendar/v3/calendars/[^/]+/events$", status: 503, code: "backendError", count: 1 });
    const once = await call(
      cal.events.insert({
        calendarId: "primary",
        requestBody: { summary: "x", start: { date: "2026-12-01" }, end: { date: "2026-12-02" } },
      }),
    ).catch((e) => e);
    expect(once).toBeInstanceOf(ProviderRetryableError);
    expect((await counts())["POST /calendar/v3/calendars/:calendarId/events"]).toBe(1);
    const bad = await call(
      cal.events.list({ calendarId: "primary" }).then(() => cal.events.get({ calendarId: "primary", eventId: "x" })),
    ).catch((e) => e);
    expect(bad).toBeInstanceOf(NonRetryableError);
  });
});
