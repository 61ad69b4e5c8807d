import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { TestProject } from "vitest/node";
import { canConnect } from "../../src/db/postgres.ts";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server tests use, or null when only the embedded database is available. */
    pgUrl: string | null;
  }
}

function serverOnlyTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...serverOnlyTests(p));
    else if (entry.name.endsWith(".pg.test.ts")) out.push(relative(process.cwd(), p));
  }
  return out;
}

/**
 * Chooses the database for the whole run: TEST_DATABASE_URL, else DATABASE_URL, else the local
 * server when it answers; otherwise the embedded database, and says which tests cannot run there.
 */
export default async function setup(project: TestProject): Promise<void> {
  // Vitest runs this once per project; say which database is used only the first time.
  const say = (text: string) => {
    if (process.env.FERRY_TESTS_ANNOUNCED === undefined) process.stdout.write(text);
  };
  try {
    await choose(project, say);
  } finally {
    process.env.FERRY_TESTS_ANNOUNCED = "1";
  }
}

async function choose(project: TestProject, say: (text: string) => void): Promise<void> {
  const explicit = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const candidate = explicit || DEFAULT_URL;
  const reachable = await canConnect(candidate);
  if (explicit && !reachable) {
    throw new Error(`TEST_DATABASE_URL/DATABASE_URL is set but the server does not answer: ${candidate.replace(/:[^:@/]*@/, ":***@")}`);
  }
  if (reachable) {
    say(`[ferry tests] using PostgreSQL at ${new URL(candidate).host}${new URL(candidate).pathname}\n`);
    project.provide("pgUrl", candidate);
    return;
  }
  const skipped = serverOnlyTests(join(process.cwd(), "test"));
  say(
    `[ferry tests] PostgreSQL is not reachable at ${DEFAULT_URL}; running on the embedded database (PGlite).\n` +
      `[ferry tests] These tests need a real PostgreSQL server and will be SKIPPED:\n${skipped.map((f) => `  - ${f}`).join("\n")}\n` +
      "[ferry tests] The queue's storage contract (test/queue/contract.test.ts) runs on PGlite only.\n" +
      "[ferry tests] Start PostgreSQL (see CONTRIBUTING.md) or set TEST_DATABASE_URL to run them.\n",
  );
  project.provide("pgUrl", null);
}
