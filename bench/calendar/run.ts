/**
 * Calendar sync benchmark: operations per second through the whole path (outbox insert in SQL →
 * the trigger wakes a drain → Google Calendar → the row COMPLETED), with the sandbox's quota off at
 * three batch sizes, and with the quota on against its physical limit (the per-user rate × users).
 * Results in bench/results/calendar.json.
 *
 *   npm run bench:calendar -- [--ops 2000] [--users 4] [--quota-rate 10] [--quota-ops 600]
 *                             [--url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { migrate } from "../../src/db/migrate.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import { silentLogger } from "../../src/logger.ts";
import { startProviderSandbox } from "../../src/providers/sandbox.ts";
import { DEFAULT_ADMIN_URL, positive, positiveInt } from "../args.ts";
import { connect, dropDatabase, machineInfo, recreateDatabase, urlFor } from "../queue/db.ts";
import { writeResults } from "../results.ts";
import { printResults } from "./report.ts";
import { type CalendarScenario, runScenario, type ScenarioSpec } from "./scenarios.ts";

const RESULTS = fileURLToPath(new URL("../results/calendar.json", import.meta.url));
const DB_NAME = "ferry_bench_calendar";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "2000" },
    users: { type: "string", default: "4" },
    "quota-rate": { type: "string", default: "10" },
    "quota-ops": { type: "string", default: "600" },
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
  },
});
const settings = {
  ops: positiveInt("ops", values.ops),
  users: positiveInt("users", values.users),
  quota_rate: positive("quota-rate", values["quota-rate"]),
  quota_ops: positiveInt("quota-ops", values["quota-ops"]),
};
const adminUrl = values.url ?? DEFAULT_ADMIN_URL;
const logger = silentLogger();
const perUser = Math.ceil(settings.ops / settings.users);

const specs: ScenarioSpec[] = [
  { name: "quota off, batch 1", users: settings.users, opsPerUser: perUser, batchSize: 1, quota: null },
  { name: "quota off, batch 10 (default)", users: settings.users, opsPerUser: perUser, batchSize: 10, quota: null },
  { name: "quota off, batch 50", users: settings.users, opsPerUser: perUser, batchSize: 50, quota: null },
  {
    name: `quota on (${settings.quota_rate}/s per user)`,
    users: 2,
    opsPerUser: Math.ceil(settings.quota_ops / 2),
    batchSize: 10,
    quota: { rate: settings.quota_rate, burst: 50 },
  },
];

const startedAt = new Date().toISOString();
const admin = await connect(adminUrl);
await recreateDatabase(admin, DB_NAME);
const db = openPostgres({ url: urlFor(adminUrl, DB_NAME), schema: "ferry", poolSize: 10, logger, applicationName: "ferry-bench-calendar" });
await migrate(db, logger);
const sandbox = await startProviderSandbox();
console.log(`calendar sync: outbox → Google Calendar (in-process sandbox), one worker process with 8 concurrent drains`);
const results: CalendarScenario[] = [];
try {
  for (const spec of specs) {
    results.push(await runScenario(db, sandbox.url, spec));
    console.log(`  ${spec.name}: ${results.at(-1)?.seconds} s`);
  }
} finally {
  await sandbox.close();
  await db.close();
  if (!values.keep) await dropDatabase(admin, DB_NAME);
}
const machine = await machineInfo(admin);
await admin.end();

console.log();
printResults(results);
await writeResults(RESULTS, { started_at: startedAt, machine, settings, scenarios: results });
