import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEARER_SCHEME, WORKER_SCHEME } from "../../src/api/auth.ts";
import type { FerryApp, OpenApiDocument } from "../../src/api/types.ts";
import { API_TOKEN, type ApiFixture, apiFixture, WORKER_SECRET } from "../helpers/api.ts";
import { bodyCases, type FuzzCase, type FuzzOperation, type JsonSchema, oddPaths, queryCases } from "./fuzz-cases.ts";

/**
 * Walks the app's own OpenAPI document and throws hostile requests at every operation. Routes
 * added later are fuzzed automatically: nothing here names a route.
 */

const CREDENTIALS: Record<string, string> = { [BEARER_SCHEME]: API_TOKEN, [WORKER_SCHEME]: WORKER_SECRET };
const METHODS = ["get", "post", "put", "patch", "delete"];

function fuzzOperations(doc: OpenApiDocument): FuzzOperation[] {
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    const name = s?.$ref?.split("/").pop();
    return name ? (doc.components?.schemas?.[name] as JsonSchema | undefined) : s;
  };
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((method) => {
      const op = (
        item as Record<
          string,
          { security?: Array<Record<string, unknown>>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }
        >
      )[method];
      return {
        method: method.toUpperCase(),
        path,
        security: (op?.security ?? []).flatMap((r) => Object.keys(r)),
        body: resolve(op?.requestBody?.content?.["application/json"]?.schema),
      };
    }),
  );
}

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "x");

function authHeaders(op: FuzzOperation): Record<string, string> {
  const scheme = op.security[0];
  return scheme ? { Authorization: `Bearer ${CREDENTIALS[scheme]}` } : {};
}

async function send(app: FerryApp, c: FuzzCase) {
  const res = await app.request(c.path, c.init);
  const text = await res.text();
  let body: { data?: unknown; error?: { code?: unknown; message?: unknown; request_id?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, requestId: res.headers.get("x-request-id"), type: res.headers.get("content-type") ?? "" };
}

function expectSane(c: FuzzCase, r: Awaited<ReturnType<typeof send>>, expectClientError: boolean) {
  const label = `${c.init.method} ${c.path.slice(0, 80)} — ${c.name}: ${r.status} ${r.text.slice(0, 200)}`;
  expect(r.status, label).toBeLessThan(500);
  if (expectClientError) expect(r.status, label).toBeGreaterThanOrEqual(400);
  if (r.status >= 400) {
    expect(r.type, label).toMatch(/^application\/json/);
    expect(typeof r.body?.error?.code, label).toBe("string");
    expect(typeof r.body?.error?.message, label).toBe("string");
    expect(r.body?.error?.request_id, label).toBe(r.requestId);
  }
}

describe("API fuzz: every operation in /openapi.json", () => {
  let f: ApiFixture;
  let app: FerryApp;
  let ops: FuzzOperation[];
  beforeAll(async () => {
    f = await apiFixture();
    app = f.app({ api: { maxBodyBytes: 1024 * 1024 } });
    ops = fuzzOperations((await (await app.request("/openapi.json")).json()) as OpenApiDocument);
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("finds the operations to fuzz", () => {
    expect(ops.length).toBeGreaterThanOrEqual(5);
    expect(ops.filter((o) => o.security.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it("answers every secured operation without, or with a wrong, credential with a 401 envelope", async () => {
    for (const op of ops.filter((o) => o.security.length > 0)) {
      const wrong: Array<Record<string, string>> = [
        {},
        { Authorization: "Bearer wrong-token-wrong-token" },
        { Authorization: `Basic ${API_TOKEN}` },
        { Authorization: "Bearer" },
      ];
      for (const headers of wrong) {
        const c: FuzzCase = {
          name: `auth ${JSON.stringify(headers)}`,
          path: concrete(op.path),
          init: { method: op.method, headers },
          invalid: true,
        };
        const r = await send(app, c);
        expectSane(c, r, true);
        expect(r.status, c.name).toBe(401);
        expect(r.body?.error?.code).toBe("unauthorized");
      }
    }
  });

  it("answers hostile bodies, queries and paths with 4xx envelopes, never a 5xx", async () => {
    for (const op of ops) {
      const headers = authHeaders(op);
      const path = concrete(op.path);
      const cases = [...queryCases(op, path, headers)];
      if (op.method !== "GET") cases.push(...bodyCases(op, path, headers));
      for (const p of oddPaths(op.path)) cases.push({ name: "odd path", path: p, init: { method: op.method, headers }, invalid: false });
      cases.push({
        name: "odd request id",
        path,
        init: { method: op.method, headers: { ...headers, "X-Request-Id": "not ok!".repeat(40) } },
        invalid: false,
      });
      for (const c of cases) expectSane(c, await send(app, c), c.invalid && op.body !== undefined);
    }
  });

  it("answers undeclared methods on every path with a 405 envelope naming the allowed ones", async () => {
    for (const op of ops) {
      const declared = ops.filter((o) => o.path === op.path).map((o) => o.method);
      for (const method of METHODS.map((m) => m.toUpperCase()).filter((m) => !declared.includes(m))) {
        const c: FuzzCase = {
          name: "undeclared method",
          path: concrete(op.path),
          init: { method, headers: authHeaders(op) },
          invalid: true,
        };
        const r = await send(app, c);
        expectSane(c, r, true);
        expect(r.status, `${method} ${op.path}`).toBe(405);
      }
    }
  });

  it("never logs a credential", () => {
    const all = f.logs.join("");
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(API_TOKEN);
    expect(all).not.toContain(WORKER_SECRET);
  });
});
