import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../scripts/check-imports.ts";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** A small src/ tree with the given files (path → content). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ferry-layers-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  made.push(root);
  return root;
}
const made: string[] = [];

describe("the import-direction check (scripts/check-imports.ts, run by npm run lint)", () => {
  afterAll(() => {
    for (const r of made) rmSync(r, { recursive: true, force: true });
  });

  it("passes on Ferry's own sources", () => {
    expect(check(SRC)).toEqual([]);
  });

  it("fails on an import going up a layer, whatever its form", () => {
    const src = tree({
      "queue/a.ts": 'import type { X } from "../api/app.ts";\nimport "../runtime/boot.ts";\nconst y = await import("../cli/main.ts");\n',
      "api/app.ts": "export type X = 1;\n",
      "runtime/boot.ts": "",
      "cli/main.ts": "",
    });
    expect(check(src).map((v) => v.imports)).toEqual(["api/app.ts", "runtime/boot.ts", "cli/main.ts"]);
  });

  it("fails on one engine importing another, and on anything but the engine importing its sql/", () => {
    const src = tree({
      "sync/pull/run.ts": 'import { x } from "../push/status.ts";\n',
      "sync/push/status.ts": "export const x = 1;\n",
      "sync/calendar/sql/outbox.ts": "export const y = 1;\n",
      "sync/calendar/drain.ts": 'import { y } from "./sql/outbox.ts";\n',
      "api/routes/outbox.ts": 'import { y } from "../../sync/calendar/sql/outbox.ts";\n',
    });
    expect(check(src).map((v) => `${v.file} → ${v.imports}`)).toEqual([
      "api/routes/outbox.ts → sync/calendar/sql/outbox.ts",
      "sync/pull/run.ts → sync/push/status.ts",
    ]);
  });

  it("fails on a folder that has no layer, so a new one must be placed", () => {
    const src = tree({ "reports/tick.ts": 'import { a } from "../db/types.ts";\n', "db/types.ts": "export const a = 1;\n" });
    expect(check(src).map((v) => v.why)).toEqual(["reports has no layer in scripts/check-imports.ts"]);
    const engine = tree({ "sync/scheduler/tick.ts": "", "sync/session.ts": "" });
    expect(check(engine).map((v) => v.why)).toEqual(["sync/scheduler has no layer in scripts/check-imports.ts"]);
  });
});
