import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEARER_SCHEME, isSecuredPath } from "../../src/api/auth.ts";
import { renderHtml } from "../../src/api/reference/html.ts";
import type { FerryApp, OpenApiDocument } from "../../src/api/types.ts";
import { type ApiFixture, apiFixture } from "../helpers/api.ts";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Every `$ref` string anywhere in a JSON value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refs(v)));
  }
  return [];
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

const served = (app: FerryApp) =>
  new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`));
const documented = (doc: OpenApiDocument) =>
  new Set(
    Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );

describe("/openapi.json", () => {
  let f: ApiFixture;
  let app: FerryApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    f = await apiFixture();
    app = f.app();
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("is an OpenAPI 3.1 document whose operations all have responses and whose $refs all resolve", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBe("test");
    const ops = Object.values(doc.paths ?? {}).flatMap((item) => METHODS.map((m) => (item as Record<string, unknown>)[m]).filter(Boolean));
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops as Array<{ responses?: Record<string, unknown> }>) {
      expect(Object.keys(op.responses ?? {}).length).toBeGreaterThan(0);
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  it("declares the bearer scheme and requires it on every /v1/ operation, and elsewhere only on seed aliases", () => {
    expect(doc.components?.securitySchemes?.[BEARER_SCHEME]).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const m of METHODS) {
        const op = (item as Record<string, { security?: Array<Record<string, unknown>>; deprecated?: boolean } | undefined>)[m];
        if (!op) continue;
        const bearer = (op.security ?? []).some((s) => BEARER_SCHEME in s);
        // Outside /v1/ only the seed systems' old paths (deprecated aliases) take the bearer token.
        expect(bearer, `${m} ${path}`).toBe(isSecuredPath(path) || (bearer && op.deprecated === true));
        for (const req of op.security ?? [])
          for (const name of Object.keys(req)) expect(doc.components?.securitySchemes?.[name]).toBeDefined();
      }
    }
  });

  it("documents exactly the routes the app serves", () => {
    expect([...served(app)].sort()).toEqual([...documented(doc)].sort());
  });

  it("would notice a route added without a schema", () => {
    const extra = f.app();
    extra.get("/undocumented", (c) => c.text("hi"));
    expect([...served(extra)].filter((r) => !documented(doc).has(r))).toEqual(["GET /undocumented"]);
  });

  it("renders /docs offline, from the document, with everything escaped", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const html = await res.text();
    for (const path of Object.keys(doc.paths ?? {})) expect(html).toContain(`<code>${path}</code>`);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    const hostile = { ...doc, info: { ...doc.info, title: '<script>alert("x")</script>' } } as OpenApiDocument;
    const page = renderHtml(hostile);
    expect(page).not.toContain("<script>");
    expect(page).toContain("&#60;script&#62;");
  });
});
