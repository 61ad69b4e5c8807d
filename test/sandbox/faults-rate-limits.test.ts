import { APIErrorCode, Client, RequestTimeoutError } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

/** Rate limits (on by default) and fault injection, seen through the official client. */
describe("sandbox: rate limits and fault injection", () => {
  const sb = useSandbox();
  let token: string;
  const post = (path: string, body: unknown, method = "POST") => fetch(`${sb.url}${path}`, { method, body: JSON.stringify(body) });

  beforeEach(async () => {
    await sb.reset({ rateLimits: true });
    token = (await sb.mintNotion()).access_token;
  });

  it("limits a burst beyond the budget with 429 rate_limited and Retry-After; the client's retry honours it", async () => {
    expect(await (await fetch(`${sb.url}/__sandbox/rate-limits`)).json()).toMatchObject({ notion: { enabled: true, rate: 3 } });
    await post("/__sandbox/rate-limits", { notion: { rate: 3, burst: 5 } }, "PUT");
    const headers = { Authorization: `Bearer ${token}`, "Notion-Version": "2025-09-03" };
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${sb.url}/v1/users/me`, { headers });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited?.json()).toMatchObject({
      code: "rate_limited",
      additional_data: { rate_limit_reason: "public_api_request_rate_limit" },
    });
    await expect(new Client({ auth: token, baseUrl: sb.url, retry: false }).users.me({})).rejects.toMatchObject({
      code: APIErrorCode.RateLimited,
    });
    const started = Date.now();
    await new Client({ auth: token, baseUrl: sb.url }).users.me({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("injects exactly the configured failures, then stops", async () => {
    await sb.reset();
    token = (await sb.mintNotion()).access_token;
    const rule = await post("/__sandbox/faults", { path: "^/v1/users/me$", status: 503, code: "service_unavailable", count: 2 });
    expect(rule.status).toBe(201);
    const notion = new Client({ auth: token, baseUrl: sb.url, retry: false });
    await expect(notion.users.me({})).rejects.toMatchObject({ code: APIErrorCode.ServiceUnavailable, status: 503 });
    await expect(notion.users.me({})).rejects.toMatchObject({ status: 503 });
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user" });
    await notion.users.list({});
    const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_status: Record<string, number> };
    expect(log.by_status["503"]).toBe(2);
    expect((await (await fetch(`${sb.url}/__sandbox/faults`)).json()) as { rules: unknown[] }).toEqual({ rules: [] });
  });

  it("adds latency, hangs past the client's timeout, and never fires at probability 0", async () => {
    await sb.reset();
    token = (await sb.mintNotion()).access_token;
    const notion = (timeoutMs: number) => new Client({ auth: token, baseUrl: sb.url, retry: false, timeoutMs });
    await post("/__sandbox/faults", { path: "^/v1/users$", latency_ms: 250, count: 1 });
    const t0 = Date.now();
    await notion(5000).users.list({});
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    await post("/__sandbox/faults", { method: "GET", path: "^/v1/users/me$", hang_ms: 1500, count: 1 });
    await expect(notion(200).users.me({})).rejects.toBeInstanceOf(RequestTimeoutError);
    await post("/__sandbox/faults", { path: ".*", status: 500, probability: 0 });
    await expect(notion(5000).users.me({})).resolves.toMatchObject({ object: "user" });
  });

  it("rejects malformed fault rules and limits with a named field", async () => {
    const bad = await post("/__sandbox/faults", { path: "([", status: 503 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_error", message: expect.stringContaining("path") } });
    const limits = await post("/__sandbox/rate-limits", { notion: { rate: -1 } }, "PUT");
    expect(await limits.json()).toMatchObject({ error: { message: expect.stringContaining("notion.rate") } });
  });
});
