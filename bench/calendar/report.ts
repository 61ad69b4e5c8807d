import { printTable } from "../table.ts";
import type { CalendarScenario } from "./scenarios.ts";

const n = (v: number) => v.toLocaleString("en-US");

export function printResults(rows: CalendarScenario[]): void {
  printTable(
    ["scenario", "users", "operations", "batch", "seconds", "ops/s", "limit ops/s", "fastest s", "of limit", "Google calls", "over quota"],
    rows.map((r) => [
      r.name,
      n(r.users),
      n(r.operations),
      n(r.batch_size),
      r.seconds.toFixed(2),
      r.ops_per_second.toFixed(1),
      r.physical_limit_ops_per_second === null ? "-" : n(r.physical_limit_ops_per_second),
      r.fastest_seconds === null ? "-" : r.fastest_seconds.toFixed(2),
      r.utilisation === null ? "-" : `${(r.utilisation * 100).toFixed(1)}%`,
      n(r.google_calls),
      n(r.rate_limited),
    ]),
  );
}
