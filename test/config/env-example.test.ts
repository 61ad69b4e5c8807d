import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allVariables } from "../../src/config/variables.ts";
import { PROVIDERS } from "../../src/providers/registry.ts";

/** The core's variables and every provider's. */
const VARIABLES = allVariables(PROVIDERS);

const root = new URL("../../", import.meta.url);
const envExample = readFileSync(new URL(".env.example", root), "utf8");
const readme = readFileSync(new URL("README.md", root), "utf8");
const names = Object.keys(VARIABLES);

/** `NAME=value` or `# NAME=value`; prose comments are not assignments. */
const ASSIGNMENT = /^#?\s*([A-Z][A-Z0-9_]*)=/;

interface Assignment {
  name: string;
  /** The comment lines right above the assignment, without their `#`. */
  comments: string[];
}

function assignments(text: string): Assignment[] {
  const out: Assignment[] = [];
  let comments: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = ASSIGNMENT.exec(line);
    if (m?.[1]) {
      out.push({ name: m[1], comments });
      comments = [];
    } else if (line.startsWith("#")) {
      comments.push(line.replace(/^#\s?/, ""));
    } else {
      comments = [];
    }
  }
  return out;
}

const declared = assignments(envExample);

describe(".env.example and README.md list every variable", () => {
  it("names every variable in .env.example", () => {
    const found = new Set(declared.map((a) => a.name));
    expect(names.filter((n) => !found.has(n))).toEqual([]);
  });

  it("names no variable in .env.example that Ferry does not read, and none twice", () => {
    const known = new Set(names);
    expect(declared.map((a) => a.name).filter((n) => !known.has(n))).toEqual([]);
    expect(declared.map((a) => a.name).filter((n, i, all) => all.indexOf(n) !== i)).toEqual([]);
  });

  it("puts each variable's doc text in the comment above it", () => {
    const missing = declared
      .filter((a) => a.name in VARIABLES)
      .filter((a) => !a.comments.includes(VARIABLES[a.name]?.doc ?? ""))
      .map((a) => a.name);
    expect(missing).toEqual([]);
  });

  it("names every variable in the README", () => {
    expect(names.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });
});
