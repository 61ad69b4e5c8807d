/**
 * Pull sync benchmark: a full pull of a big Notion database (20,000 rows by default) into its
 * mirror table under Notion's rate limit, against the physical limit (100 rows per query call ×
 * the rate); the same without limits; an unchanged re-run; and the PostgreSQL write side alone,
 * batched (Ferry) beside row by row. Results in bench/results/pull.json.
 *
 *   npm run bench:pull -- [--rows 20000] [--rate 3] [--url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { migrate } from "../../src/db/migrate.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import { silentLogger } from "../../src/logger.ts";
import { DEFAULT_ADMIN_URL, positive, positiveInt } from "../args.ts";
import { connect, dropDatabase, machineInfo, recreateDatabase, urlFor } from "../queue/db.ts";
import { writeResults } from "../results.ts";
import { printResults } from "./report.ts";
import { forgetMirror, type PullScenario, runPull } from "./scenarios.ts";
import { pullWorld } from "./setup.ts";
import { compareWrites, timingWrites, type WriteScenario } from "./writes.ts";

const RESULTS = fileURLToPath(new URL("../results/pull.json", import.meta.url));
const DB_NAME = "ferry_bench_pull";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "20000" },
    rate: { type: "string", default: "3" },
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
  },
});
const settings = { rows: positiveInt("rows", values.rows), rate: positive("rate", values.rate) };
const adminUrl = values.url ?? DEFAULT_ADMIN_URL;
const logger = silentLogger();

const startedAt = new Date().toISOString();
const admin = await connect(adminUrl);
await recreateDatabase(admin, DB_NAME);
const db = openPostgres({ url: urlFor(adminUrl, DB_NAME), schema: "ferry", poolSize: 4, logger, applicationName: "ferry-bench-pull" });
await migrate(db, logger);
const log = (line: string) => console.log(`  ${line}`);
console.log(
  `pull sync: one database of ${settings.rows.toLocaleString("en-US")} rows, Notion's rate ${settings.rate}/s; in-process sandbox`,
);
const seedStart = performance.now();
const world = await pullWorld(db, settings.rows);
log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
const pulls: PullScenario[] = [];
let writes: WriteScenario[] = [];
let writeSideInRun: WriteScenario;
try {
  // Notion's own budget for the sandbox: the rate per token, its default burst, a workspace budget that does not bind tighter.
  await world.setNotionLimits({ enabled: true, rate: settings.rate, burst: 10, workspace_rate: Math.max(10, settings.rate) });
  pulls.push(await runPull(db, world, `full pull, rate limit on (${settings.rate}/s)`, settings.rate, settings.rows));
  log(`${pulls.at(-1)?.name}: ${pulls.at(-1)?.seconds} s`);
  await forgetMirror(db);
  await world.setNotionLimits({ enabled: false });
  const timed = timingWrites(db, "notion");
  pulls.push(await runPull(timed.db, world, "full pull, rate limit off", null, settings.rows));
  log(`${pulls.at(-1)?.name}: ${pulls.at(-1)?.seconds} s`);
  if (timed.seconds() === 0) throw new Error("no write into the mirror table was timed: the upsert's statement changed shape");
  writeSideInRun = {
    name: "in the rate-limit-off pull (Ferry)",
    rows: settings.rows,
    statements: Math.ceil(settings.rows / 100),
    seconds: Number(timed.seconds().toFixed(2)),
    rows_per_second: Math.round(settings.rows / timed.seconds()),
  };
  const again = await runPull(db, world, "unchanged re-run", null, null);
  if (again.rows_written !== 0 || again.query_calls !== 1)
    throw new Error(`the unchanged re-run wrote ${again.rows_written} rows in ${again.query_calls} calls`);
  pulls.push(again);
  writes = await compareWrites(db, "notion", "big");
  log("write side measured");
} finally {
  await world.sandbox.close();
  await db.close();
  if (!values.keep) await dropDatabase(admin, DB_NAME);
}
const machine = await machineInfo(admin);
await admin.end();

const all = { pulls, writes: [writeSideInRun, ...writes] };
console.log();
printResults(all.pulls, all.writes);
await writeResults(RESULTS, { started_at: startedAt, machine, settings, ...all });
