import { printTable } from "../table.ts";
import type { Calls } from "./calls.ts";

/** Notion's documented average for one integration. */
export const NOTION_RATE = 3;

export interface ScenarioResult {
  scenario: string;
  strategy: string;
  /** Counted in the sandbox's request log, or computed from the block counts. */
  how: "measured" | "computed";
  calls: number;
  /** The fewest calls that can do it (first sync), or the target. */
  bound: number;
  /** calls ÷ bound, when the bound is not zero. */
  ratio: number | null;
  seconds_at_3_per_s: number;
  by_endpoint: Record<string, number>;
  /** What the engine's design predicts for this corpus (measured rows; a difference fails the run). */
  expected?: number;
  /** Measured rows: non-2xx answers, requests Ferry sent (retries included) and wall time. */
  errors?: number;
  ferry_sent?: number;
  wall_seconds?: number;
}

export function result(scenario: string, strategy: string, bound: number, calls: Calls, sent: number): ScenarioResult {
  return {
    scenario,
    strategy,
    how: "measured",
    calls: calls.total,
    bound,
    ratio: bound > 0 ? Math.round((calls.total / bound) * 1000) / 1000 : null,
    seconds_at_3_per_s: Math.round((calls.total / NOTION_RATE) * 10) / 10,
    by_endpoint: calls.by_endpoint,
    errors: calls.errors,
    ferry_sent: sent,
    wall_seconds: Math.round(calls.seconds * 100) / 100,
  };
}

export function computed(scenario: string, strategy: string, bound: number, by_endpoint: Record<string, number>): ScenarioResult {
  const calls = Object.values(by_endpoint).reduce((a, b) => a + b, 0);
  return {
    scenario,
    strategy,
    how: "computed",
    calls,
    bound,
    ratio: bound > 0 ? Math.round((calls / bound) * 1000) / 1000 : null,
    seconds_at_3_per_s: Math.round((calls / NOTION_RATE) * 10) / 10,
    by_endpoint,
  };
}

const SHORT: Record<string, string> = {
  "POST /v1/pages": "create",
  "PATCH /v1/blocks/:id/children": "append",
  "GET /v1/blocks/:id/children": "list",
  "PATCH /v1/blocks/:id": "update",
  "DELETE /v1/blocks/:id": "delete",
};

const n = (x: number) => x.toLocaleString("en-US");

/** "0 s", "3.3 s", "9 min 4 s", "3 h 54 min". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.round((whole % 3600) / 60)} min`;
}

const endpoints = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([e, c]) => `${SHORT[e] ?? e} ${n(c)}`)
    .join(", ") || "—";

export function printResults(rows: ScenarioResult[]): void {
  printTable(
    ["scenario", "strategy", "calls", "bound / target", "× bound", `at ${NOTION_RATE} req/s`, "calls by endpoint"],
    rows.map((r) => [
      r.scenario,
      `${r.strategy}${r.how === "computed" ? " (computed)" : ""}`,
      n(r.calls),
      n(r.bound),
      r.ratio === null ? "—" : `${r.ratio.toFixed(2)}×`,
      duration(r.seconds_at_3_per_s),
      endpoints(r.by_endpoint),
    ]),
    [0, 1, 6],
  );
}
