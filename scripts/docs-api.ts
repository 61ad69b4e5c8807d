/**
 * `npm run docs:api`: regenerates the generated sections of docs/api.md (routes, error codes)
 * from the OpenAPI document. test/api/docs.test.ts fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { apiDocument } from "../src/api/document.ts";
import { updateApiMarkdown } from "../src/api/reference/api-md.ts";
import { ENDPOINTS } from "../src/api/routes/index.ts";
import { VERSION } from "../src/version.ts";

const file = new URL("../docs/api.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = updateApiMarkdown(before, apiDocument(ENDPOINTS, VERSION));
if (after === before) {
  console.log("docs/api.md is up to date");
} else {
  writeFileSync(file, after);
  console.log("docs/api.md updated");
}
