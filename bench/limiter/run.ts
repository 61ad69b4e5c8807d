/**
 * Shared limiter benchmark: how much of a rate limit N processes sharing one key through
 * PostgreSQL actually use (against the sandbox enforcing the same limit), and what one acquire
 * costs on PostgreSQL and on PGlite. Results in bench/results/limiter.json.
 *
 *   npm run bench:limiter -- [--processes 1,4,8] [--callers 8] [--rate 10] [--burst 10]
 *                            [--seconds 20] [--warmup 2] [--acquires 2000]
 *                            [--url postgres://postgres@127.0.0.1:5432/postgres] [--quiet-wait 30] [--keep]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { migrate } from "../../src/db/migrate.ts";
import { openPglite } from "../../src/db/pglite.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { startProviderSandbox } from "../../src/providers/sandbox.ts";
import { DEFAULT_ADMIN_URL, positive } from "../args.ts";
import { connect, dropDatabase, machineInfo, recreateDatabase, urlFor } from "../queue/db.ts";
import { acquireCost, type CostResult } from "./cost.ts";
import { printCost, printUtilisation } from "./report.ts";
import { measureUtilisation, type UtilisationResult } from "./utilisation.ts";

const RESULTS = fileURLToPath(new URL("../results/limiter.json", import.meta.url));
const DB_NAME = "ferry_bench_limiter";
const SCHEMA = "ferry";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "1,4,8" },
    callers: { type: "string", default: "8" },
    rate: { type: "string", default: "10" },
    burst: { type: "string", default: "10" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "2" },
    acquires: { type: "string", default: "2000" },
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    "quiet-wait": { type: "string", default: "30" },
    keep: { type: "boolean", default: false },
  },
});

const processCounts = (values.processes ?? "").split(",").map((p) => positive("processes", p.trim()));
const settings = {
  rate: positive("rate", values.rate),
  burst: positive("burst", values.burst),
  seconds: positive("seconds", values.seconds),
  warmupSeconds: Number(values.warmup ?? 2),
  callersPerProcess: positive("callers", values.callers),
  quietWaitMs: Number(values["quiet-wait"] ?? 30) * 1000,
};
if (!(settings.warmupSeconds >= 0 && settings.warmupSeconds < settings.seconds)) throw new Error("--warmup must be in [0, --seconds)");
const acquires = positive("acquires", values.acquires);
const adminUrl = values.url ?? DEFAULT_ADMIN_URL;
const logger = silentLogger();

async function costs(db: Db): Promise<CostResult[]> {
  const out: CostResult[] = [];
  for (const prefetch of [1, 4]) out.push(await acquireCost(db, prefetch, acquires));
  return out;
}

const startedAt = new Date().toISOString();
const admin = await connect(adminUrl);
await recreateDatabase(admin, DB_NAME);
const url = urlFor(adminUrl, DB_NAME);
const pgDb = openPostgres({ url, schema: SCHEMA, poolSize: 2, logger, applicationName: "ferry-bench-limiter" });
await migrate(pgDb, logger);
const sandbox = await startProviderSandbox();
const utilisation: UtilisationResult[] = [];
const cost: CostResult[] = [];
try {
  console.log(
    `limiter utilisation: one key at ${settings.rate}/s, burst ${settings.burst}, ${settings.seconds} s per run, ` +
      `${settings.callersPerProcess} callers per process, sandbox enforcing the same limit`,
  );
  for (const n of processCounts) {
    const r = await measureUtilisation(sandbox, n, { url, schema: SCHEMA, ...settings });
    utilisation.push(r);
    console.log(
      `  ${n} process(es): ${r.served} served, steady ${r.steady_pct}%, overall ${r.overall_pct}%, ${r.rate_limited_429} × 429` +
        ` (host ${r.host_busy_during_pct}% busy)` +
        (Object.keys(r.failed).length > 0 ? `; failed calls: ${JSON.stringify(r.failed)}` : ""),
    );
  }
  console.log(`acquire cost: ${acquires} uncontended acquires per row`);
  cost.push(...(await costs(pgDb)));
  const lite = await openPglite({ dataDir: "memory://", schema: SCHEMA });
  try {
    await migrate(lite, logger);
    cost.push(...(await costs(lite)));
  } finally {
    await lite.close();
  }
} finally {
  await sandbox.close();
  await pgDb.close();
  if (!values.keep) await dropDatabase(admin, DB_NAME);
}

const machine = await machineInfo(admin);
await admin.end();

console.log();
printUtilisation(utilisation);
console.log();
printCost(cost);
await mkdir(dirname(RESULTS), { recursive: true });
await writeFile(
  RESULTS,
  `${JSON.stringify({ started_at: startedAt, machine, settings: { ...settings, acquires }, utilisation, acquire_cost: cost }, null, 2)}\n`,
);
console.log(`\nwrote ${RESULTS}`);
