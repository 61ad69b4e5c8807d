import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiDocument } from "../../src/api/document.ts";
import { updateApiMarkdown } from "../../src/api/reference/api-md.ts";
import { ENDPOINTS } from "../../src/api/routes/index.ts";
import { ERROR_CODES } from "../../src/errors.ts";

const committed = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
const doc = apiDocument(ENDPOINTS, "any-version");

describe("docs/api.md", () => {
  it("is current: its generated sections match the routes and error codes (run `npm run docs:api`)", () => {
    expect(updateApiMarkdown(committed, doc)).toBe(committed);
  });

  it("lists every route and every error code", () => {
    for (const e of ENDPOINTS) expect(committed).toContain(`### \`${e.route.method.toUpperCase()} ${e.route.path}\``);
    for (const code of Object.keys(ERROR_CODES)) expect(committed).toContain(`| \`${code}\` |`);
  });

  it("maps each seed endpoint to Ferry's", () => {
    const seedEndpoints = [
      "/api/notion/oauth/start",
      "/api/notion/oauth/callback",
      "/api/worker/process-jobs",
      "/notion/oauth/callback",
      "POST /notion/sync",
      "GET /notion/status",
      "/notion/cron/sync",
      "GET /health",
      "GET /openapi.json",
      "GET /v1/meta",
      "GET /oauth/start",
      "GET /oauth/callback",
    ];
    const table = committed.slice(committed.indexOf("## From the seed systems to Ferry"));
    for (const endpoint of seedEndpoints) expect(table).toContain(endpoint);
  });

  it("refuses to update a file without the generated-section markers", () => {
    expect(() => updateApiMarkdown("no markers here", doc)).toThrow(/lacks the markers/);
  });
});
