import { printTable } from "../table.ts";
import type { PullScenario } from "./scenarios.ts";
import type { WriteScenario } from "./writes.ts";

const n = (v: number) => v.toLocaleString("en-US");

export function printResults(pulls: PullScenario[], writes: WriteScenario[]): void {
  printTable(
    ["pull", "rows read", "written", "query calls", "other calls", "seconds", "calls/s", "rows/s", "limit rows/s", "of limit"],
    pulls.map((p) => [
      p.name,
      n(p.rows_read),
      n(p.rows_written),
      n(p.query_calls),
      n(p.other_calls),
      p.seconds.toFixed(2),
      p.calls_per_second.toFixed(2),
      n(p.rows_per_second),
      p.physical_limit_rows_per_second === null ? "-" : n(p.physical_limit_rows_per_second),
      p.utilisation === null ? "-" : `${(p.utilisation * 100).toFixed(1)}%`,
    ]),
  );
  console.log();
  printTable(
    ["PostgreSQL write side", "rows", "statements", "seconds", "rows/s"],
    writes.map((w) => [w.name, n(w.rows), n(w.statements), w.seconds.toFixed(2), n(w.rows_per_second)]),
  );
}
