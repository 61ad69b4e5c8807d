import { createRoute, z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoint, type RouteDeps } from "../../src/api/endpoint.ts";
import { ok } from "../../src/api/envelope.ts";
import { dataResponse } from "../../src/api/schemas.ts";
import type { FerryApp } from "../../src/api/types.ts";
import { API_TOKEN, type ApiFixture, apiFixture, WORKER_SECRET } from "../helpers/api.ts";

const TRIGGER = "/api/worker/process-jobs";
const auth = { Authorization: `Bearer ${WORKER_SECRET}` };

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; request_id: string; details?: { issues?: Array<{ field: string }> } } };
  expect(body.error.request_id).toBe(res.headers.get("x-request-id"));
  return { status: res.status, ...body.error };
}

describe("API envelope and request ids", () => {
  let f: ApiFixture;
  let app: FerryApp;
  beforeAll(async () => {
    f = await apiFixture();
    app = f.app({ api: { maxBodyBytes: 4096 } });
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    const given = await app.request("/health", { headers: { "X-Request-Id": "abc-123.x:y_z" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123.x:y_z");
    for (const bad of ["has spaces", "x".repeat(129), ""]) {
      const res = await app.request("/health", { headers: { "X-Request-Id": bad } });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("answers 404, 405 (with Allow), 413, 415 and malformed JSON in the error envelope", async () => {
    expect(await errorOf(await app.request("/no/such/route"))).toMatchObject({ status: 404, code: "not_found" });
    const wrongMethod = await app.request(TRIGGER, { method: "GET" });
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(await errorOf(wrongMethod)).toMatchObject({ status: 405, code: "method_not_allowed" });
    const json = { ...auth, "Content-Type": "application/json" };
    const big = await app.request(TRIGGER, { method: "POST", headers: json, body: JSON.stringify({ queue: "q".repeat(5000) }) });
    expect(await errorOf(big)).toMatchObject({ status: 413, code: "payload_too_large" });
    const text = await app.request(TRIGGER, { method: "POST", headers: { ...auth, "Content-Type": "text/plain" }, body: "{}" });
    expect(await errorOf(text)).toMatchObject({ status: 415, code: "unsupported_media_type" });
    const malformed = await app.request(TRIGGER, { method: "POST", headers: json, body: '{"limit": 1' });
    expect(await errorOf(malformed)).toMatchObject({ status: 400, code: "invalid_json", details: { issues: [{ field: "body" }] } });
  });

  it("names each offending field, nested ones with dots", async () => {
    const res = await app.request(TRIGGER, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ limit: "ten", queue: "bad queue", budget_ms: 1, extra: true }),
    });
    const err = await errorOf(res);
    expect(err).toMatchObject({ status: 400, code: "validation_failed" });
    expect(err.details?.issues?.map((i) => i.field).sort()).toEqual(["body.budget_ms", "body.extra", "body.limit", "body.queue"]);
  });

  it("names path and query parameters too, on a /v1/ route that endpoint() put behind the token", async () => {
    const route = createRoute({
      method: "get",
      path: "/v1/probe/{userId}",
      request: {
        params: z.object({ userId: z.string().regex(/^u_[a-z0-9]+$/) }),
        query: z.object({ page_size: z.coerce.number().int().min(1).max(100).optional() }),
      },
      responses: { 200: dataResponse(z.object({ userId: z.string() }), "the probe") },
    });
    const probe = endpoint(route, () => async (c) => ok(c, { userId: c.req.valid("param").userId }));
    expect(probe.route.security).toEqual([{ bearerAuth: [] }]);
    const withProbe = f.app();
    probe.mount(withProbe, {} as RouteDeps);
    expect((await withProbe.request("/v1/probe/u_1")).status).toBe(401);
    const headers = { Authorization: `Bearer ${API_TOKEN}` };
    expect(await (await withProbe.request("/v1/probe/u_1?page_size=5", { headers })).json()).toEqual({ data: { userId: "u_1" } });
    // Parts are checked in turn (query, params, headers, body): each answer names every bad field of the first bad part.
    const badQuery = await errorOf(await withProbe.request("/v1/probe/..%2F?page_size=0", { headers }));
    expect(badQuery.details?.issues?.map((i) => i.field)).toEqual(["query.page_size"]);
    const badParam = await errorOf(await withProbe.request("/v1/probe/..%2F", { headers }));
    expect(badParam.details?.issues?.map((i) => i.field)).toEqual(["params.userId"]);
  });
});
