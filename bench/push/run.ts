/**
 * Push sync benchmark: the Notion calls Ferry makes to push a tree of notes (first sync,
 * unchanged re-sync, one paragraph edited in 1% of the notes, twice), against the fewest
 * possible and against the naive update (delete every block, append the body again).
 * Counts come from the sandbox's request log. Results in bench/results/push.json.
 *
 *   npm run bench:push -- [--notes 1000] [--workspaces 4] [--edit-pct 1] [--seed 1]
 *                         [--url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { migrate } from "../../src/db/migrate.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import { silentLogger } from "../../src/logger.ts";
import { startProviderSandbox } from "../../src/providers/sandbox.ts";
import { DEFAULT_ADMIN_URL, positive } from "../args.ts";
import { connect, dropDatabase, machineInfo, recreateDatabase, urlFor } from "../queue/db.ts";
import { writeResults } from "../results.ts";
import { control } from "./calls.ts";
import { buildCorpus } from "./corpus.ts";
import { planEdits } from "./edits.ts";
import { printResults } from "./report.ts";
import { runScenarios } from "./scenarios.ts";

const RESULTS = fileURLToPath(new URL("../results/push.json", import.meta.url));
const DB_NAME = "ferry_bench_push";
const SCHEMA = "ferry";

const { values } = parseArgs({
  options: {
    notes: { type: "string", default: "1000" },
    workspaces: { type: "string", default: "4" },
    "edit-pct": { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
  },
});

const settings = {
  notes: Math.round(positive("notes", values.notes)),
  workspaces: Math.round(positive("workspaces", values.workspaces)),
  edit_pct: positive("edit-pct", values["edit-pct"]),
  seed: Math.round(positive("seed", values.seed)),
};
const adminUrl = values.url ?? DEFAULT_ADMIN_URL;
const logger = silentLogger();

const corpus = buildCorpus(settings.notes, settings.workspaces, settings.seed);
const edits = planEdits(corpus.notes, Math.max(1, Math.round((settings.notes * settings.edit_pct) / 100)), settings.seed + 1);

const startedAt = new Date().toISOString();
const admin = await connect(adminUrl);
await recreateDatabase(admin, DB_NAME);
const db = openPostgres({ url: urlFor(adminUrl, DB_NAME), schema: SCHEMA, poolSize: 4, logger, applicationName: "ferry-bench-push" });
await migrate(db, logger);
const sandbox = await startProviderSandbox();
await control(`${sandbox.url}/__sandbox/rate-limits`, { method: "PUT", body: JSON.stringify({ notion: { enabled: false } }) });
let outcome: Awaited<ReturnType<typeof runScenarios>>;
try {
  console.log(
    `push sync: ${settings.notes.toLocaleString("en-US")} notes in ${corpus.containers.length} workspaces and folders, ` +
      `${edits.length} notes edited; in-process sandbox, rate limits off`,
  );
  outcome = await runScenarios(db, sandbox.url, corpus, edits, (line) => console.log(`  ${line}`));
} finally {
  await sandbox.close();
  await db.close();
  if (!values.keep) await dropDatabase(admin, DB_NAME);
}

const machine = await machineInfo(admin);
await admin.end();

console.log();
printResults(outcome.scenarios);
await writeResults(RESULTS, { started_at: startedAt, machine, settings, ...outcome });
if (outcome.problems.length > 0) {
  console.error(`\n${outcome.problems.length} check(s) FAILED:\n  ${outcome.problems.join("\n  ")}`);
  process.exit(1);
}
