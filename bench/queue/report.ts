import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RunResult } from "./measure.ts";

export interface SystemReport {
  name: string;
  config: string;
  jobs_per_sec: number | null;
  commits_per_job: number | null;
  wal_bytes_per_job: number | null;
  processes: number;
  /** 1-based index (in all_runs) of the fastest run: jobs/s and commits/job. */
  best_run: number | null;
  /** 1-based index of the run with the least WAL per job (see below). */
  wal_run: number | null;
  /** Why even the WAL run may be inflated by other activity (empty = clean). */
  wal_noise: string[];
  all_runs: RunResult[];
}

export interface Report {
  started_at: string;
  jobs: number;
  runs: number;
  machine: Record<string, string | number>;
  systems: SystemReport[];
}

const BASELINE = "graphile-worker";

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Signs that other activity on the cluster wrote WAL inside a run's window:
 * WAL is cluster-wide, so it would be counted against the system under test.
 */
export function walNoise(r: RunResult): string[] {
  const why: string[] = [];
  if (r.checkpoints > 0) why.push(`${r.checkpoints} checkpoint(s)`);
  if (r.other_db_churn > 0) why.push(`${r.other_db_churn} database(s) created/dropped`);
  // A handful are the harness's own snapshot reads on the admin database.
  if (r.other_db_commits > 20) why.push(`${r.other_db_commits} commits in other databases`);
  return why;
}

function pick(runs: RunResult[], better: (a: RunResult, b: RunResult) => boolean): number {
  let idx = -1;
  runs.forEach((r, i) => {
    const cur = runs[idx];
    if (r.ok && (!cur || better(r, cur))) idx = i;
  });
  return idx;
}

/**
 * Headline figures for a system. jobs/s and commits/job come from the
 * fastest successful run. WAL comes from the run that wrote the least WAL
 * per job: WAL is cluster-wide, so other tenants' writes and the full-page
 * images that follow their forced checkpoints can only inflate it.
 */
export function summarize(name: string, config: string, processes: number, runs: RunResult[]): SystemReport {
  const bestIdx = pick(runs, (a, b) => a.jobs_per_sec > b.jobs_per_sec);
  const walIdx = pick(runs, (a, b) => a.wal_bytes_per_job < b.wal_bytes_per_job);
  const best = runs[bestIdx];
  const wal = runs[walIdx];
  return {
    name,
    config,
    jobs_per_sec: best ? Math.round(best.jobs_per_sec) : null,
    commits_per_job: best ? round(best.commits_per_job, 5) : null,
    wal_bytes_per_job: wal ? round(wal.wal_bytes_per_job, 1) : null,
    processes,
    best_run: best ? bestIdx + 1 : null,
    wal_run: wal ? walIdx + 1 : null,
    wal_noise: wal ? walNoise(wal) : [],
    all_runs: runs.map((r) => ({
      ...r,
      seconds: round(r.seconds, 3),
      jobs_per_sec: Math.round(r.jobs_per_sec),
      commits_per_job: round(r.commits_per_job, 5),
      wal_bytes_per_job: round(r.wal_bytes_per_job, 1),
    })),
  };
}

function fmt(n: number | null, digits: number): string {
  if (n === null || Number.isNaN(n)) return "FAILED";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function printTable(systems: SystemReport[]): void {
  const base = systems.find((s) => s.name === BASELINE)?.jobs_per_sec ?? null;
  const header = ["system", "config", "jobs/s", "commits/job", "WAL B/job", `vs ${BASELINE}`];
  const rows = systems.map((s) => [
    s.name,
    s.config,
    fmt(s.jobs_per_sec, 0),
    fmt(s.commits_per_job, 4),
    fmt(s.wal_bytes_per_job, 1) + (s.wal_noise.length > 0 ? "*" : " "),
    base && s.jobs_per_sec !== null ? `${(s.jobs_per_sec / base).toFixed(2)}×` : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  // Text columns left-aligned, numeric columns right-aligned.
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  for (const s of systems.filter((x) => x.wal_noise.length > 0)) {
    console.log(`* ${s.name}: every run's WAL window was shared with other activity (${s.wal_noise.join(", ")})`);
  }
}

export async function writeReport(path: string, report: Report): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
