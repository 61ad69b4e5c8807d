import { printTable } from "../table.ts";
import type { CostResult } from "./cost.ts";
import type { UtilisationResult } from "./utilisation.ts";

const pct = (n: number) => `${n.toFixed(1)}%`;
const ms = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us} µs`);

export function printUtilisation(results: UtilisationResult[]): void {
  printTable(
    ["processes", "served", "steady", "overall", "429s", "max 10 s window", "per process"],
    results.map((r) => [
      `${r.processes} × ${r.callers_per_process} callers`,
      String(r.served),
      pct(r.steady_pct),
      pct(r.overall_pct),
      String(r.rate_limited_429),
      `${r.max_10s_window} / ${r.budget_10s}`,
      r.per_process.join(" "),
    ]),
  );
}

export function printCost(results: CostResult[]): void {
  printTable(
    ["database", "prefetch", "p50", "p99", "mean", "queries/acquire"],
    results.map((r) => [r.driver, String(r.prefetch), ms(r.p50_us), ms(r.p99_us), ms(r.mean_us), r.queries_per_acquire.toFixed(2)]),
  );
}
