/**
 * Queue burn-down benchmark: drains N no-op jobs with each queue system on
 * its own fresh database and reports jobs/s, commits/job and WAL bytes/job.
 *
 *   npm run bench:queue -- [--jobs N] [--runs R] [--only a,b] [--url URL]
 *                          [--timeout SECONDS] [--quiet-wait SECONDS] [--keep]
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_ADMIN_URL, positiveInt } from "../args.ts";
import { benchDbName, connect, dropDatabase, machineInfo } from "./db.ts";
import { failed, type RunResult, runOnce } from "./measure.ts";
import { printTable, summarize, walNoise, writeReport } from "./report.ts";
import { systems as allSystems } from "./systems/registry.ts";

const RESULTS = fileURLToPath(new URL("../results/queue.json", import.meta.url));

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "100000" },
    runs: { type: "string", default: "2" },
    only: { type: "string" },
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    timeout: { type: "string", default: "180" },
    "quiet-wait": { type: "string", default: "60" },
    keep: { type: "boolean", default: false },
  },
});

const jobs = positiveInt("jobs", values.jobs);
const runs = positiveInt("runs", values.runs);
const timeoutMs = positiveInt("timeout", values.timeout) * 1000;
const quietWaitMs = Number(values["quiet-wait"] ?? 60) * 1000;
const adminUrl = values.url ?? DEFAULT_ADMIN_URL;
const wanted = values.only
  ?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const systems = wanted ? allSystems.filter((s) => wanted.includes(s.name)) : allSystems;
const unknown = wanted?.filter((w) => !allSystems.some((s) => s.name === w)) ?? [];
if (unknown.length > 0 || systems.length === 0) {
  console.error(`unknown system(s): ${unknown.join(", ")}; known: ${allSystems.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

// Hard ceiling on the whole benchmark, on top of the per-run drain timeout
// (setup and enqueue are not otherwise bounded).
const budgetMs = runs * systems.length * (timeoutMs + quietWaitMs + 120_000);
setTimeout(() => {
  console.error(`benchmark exceeded its ${budgetMs / 1000} s budget; aborting`);
  process.exit(3);
}, budgetMs).unref();

const startedAt = new Date().toISOString();
const admin = await connect(adminUrl);
const results = new Map<string, RunResult[]>(systems.map((s) => [s.name, []]));
let failures = 0;

console.log(`queue burn-down: ${jobs.toLocaleString("en-US")} no-op jobs, ${runs} run(s) per system`);
// Runs are interleaved (all systems, then again) so drift hits everyone alike.
for (let run = 1; run <= runs; run++) {
  for (const system of systems) {
    let result: RunResult;
    try {
      result = await runOnce(admin, system, { adminUrl, jobs, timeoutMs, quietWaitMs });
    } catch (err) {
      result = failed(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    results.get(system.name)?.push(result);
    if (result.ok) {
      console.log(
        `  run ${run} ${system.name.padEnd(16)} ${Math.round(result.jobs_per_sec).toString().padStart(7)} jobs/s` +
          `  ${result.commits_per_job.toFixed(4)} commits/job  ${result.wal_bytes_per_job.toFixed(1)} WAL B/job` +
          `  (${result.seconds.toFixed(2)} s, ${result.polls} polls` +
          (walNoise(result).length > 0 ? `; WAL noise: ${walNoise(result).join(", ")}` : "") +
          ")",
      );
    } else {
      failures++;
      console.error(`  run ${run} ${system.name}: FAILED: ${result.error}`);
    }
  }
}

const machine = await machineInfo(admin);
const summaries = systems.map((s) => summarize(s.name, s.config, s.processes, results.get(s.name) ?? []));

if (!values.keep) {
  for (const s of systems) await dropDatabase(admin, benchDbName(s.name));
}
await admin.end();

console.log();
printTable(summaries);
await writeReport(RESULTS, { started_at: startedAt, jobs, runs, machine, systems: summaries });
console.log(`\nwrote ${RESULTS}`);

if (failures > 0) {
  console.error(`\n${failures} run(s) FAILED — see above; their figures are not in the table.`);
  process.exit(1);
}
