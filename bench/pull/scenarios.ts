/**
 * The pull benchmark's runs: a full pull under Notion's rate limit (sandbox and Ferry's limiter
 * both at the configured rate), the same without limits, and an unchanged re-run. Each goes through
 * `executeRun`, the `notion.pull` job's body, and its calls are read from the sandbox's log.
 */
import { randomUUID } from "node:crypto";
import { systemClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { NOTION_VARIABLES } from "../../src/providers/notion/variables.ts";
import { buildProviders } from "../../src/providers/registry.ts";
import { createProviderRuntime } from "../../src/providers/runtime.ts";
import { executeRun } from "../../src/sync/pull/execute.ts";
import type { PullOneResult } from "../../src/sync/pull/pull-user.ts";
import { createRun } from "../../src/sync/pull/runs.ts";
import { testSyncDeps, UNLIMITED } from "../../test/helpers/providers.ts";
import { callsDuring } from "../push/calls.ts";
import { type PullWorld, TITLE } from "./setup.ts";

export interface PullScenario {
  name: string;
  rows_read: number;
  rows_written: number;
  query_calls: number;
  other_calls: number;
  seconds: number;
  /** Every Notion call per second: against the rate, after the limiter's initial burst. */
  calls_per_second: number;
  rows_per_second: number;
  /** 100 rows per query call × the rate, when a rate limit applies. */
  physical_limit_rows_per_second: number | null;
  /** rows/s as a share of the physical limit. */
  utilisation: number | null;
  errors: number;
}

/** Ferry's limits for the run: the configured defaults at `rate` (NOTION_RATE_LIMIT's burst), or none. */
function limitsFor(rate: number | null): Record<string, string> {
  if (rate === null) return UNLIMITED;
  const connection = NOTION_VARIABLES.NOTION_RATE_LIMIT.schema.parse(undefined);
  const workspace = NOTION_VARIABLES.NOTION_WORKSPACE_RATE_LIMIT.schema.parse(undefined);
  const integration = NOTION_VARIABLES.NOTION_INTEGRATION_RATE_LIMIT.schema.parse(undefined);
  return {
    NOTION_RATE_LIMIT: `${rate},${connection.burst}`,
    // The workspace's budget (shared by its connections) never binds tighter than the connection's here.
    NOTION_WORKSPACE_RATE_LIMIT: `${Math.max(workspace.perSecond, rate)},${workspace.burst}`,
    // Nor does the integration's, for a run of one user.
    NOTION_INTEGRATION_RATE_LIMIT: `${Math.max(integration.perSecond, rate)},${integration.burst}`,
  };
}

/** One run through `executeRun`; `rows` is how many rows it must read (null: any). */
export async function runPull(db: Db, world: PullWorld, name: string, rate: number | null, rows: number | null): Promise<PullScenario> {
  const logger = silentLogger();
  const runtime = createProviderRuntime({ db, logger });
  const config = loadConfig(limitsFor(rate));
  const providers = buildProviders(config.providers.configured, {
    runtime,
    sandbox: { url: world.sandbox.url, clientSecret: "bench-secret" },
  });
  const deps = testSyncDeps(db, providers, { ring: world.ring, clock: systemClock, logger });
  const options = { schema: "notion", trashedPolicy: "mark" as const, intervalMinutes: 15 };
  const runId = randomUUID();
  await createRun(db, { id: runId, userId: world.user.userId, trigger: "cli", request: { databaseName: TITLE }, at: new Date() });
  let result: PullOneResult | undefined;
  const calls = await callsDuring(world.sandbox.url, async () => {
    result = (await executeRun(deps, options, runId, { logger, finalAttempt: true })) as PullOneResult;
  });
  if (!result?.success) throw new Error(`${name}: the pull failed: ${JSON.stringify(result)}`);
  const queries = calls.by_endpoint["POST /v1/data_sources/:id/query"] ?? 0;
  const read = result.inserted + result.updated + result.unchanged;
  if (rows !== null && read !== rows) throw new Error(`${name}: read ${read} rows of ${rows}`);
  const perSecond = read / calls.seconds;
  const limit = rate === null ? null : 100 * rate;
  return {
    name,
    rows_read: read,
    rows_written: result.inserted + result.updated,
    query_calls: queries,
    other_calls: calls.total - queries,
    seconds: Number(calls.seconds.toFixed(2)),
    calls_per_second: Number((calls.total / calls.seconds).toFixed(2)),
    rows_per_second: Math.round(perSecond),
    physical_limit_rows_per_second: limit,
    utilisation: limit === null ? null : Number((perSecond / limit).toFixed(3)),
    errors: calls.errors,
  };
}

/** Forgets the mirror (table, columns, state) so the next run is a first run again. */
export async function forgetMirror(db: Db): Promise<void> {
  await db.query('DROP SCHEMA IF EXISTS "notion" CASCADE');
  await db.query("DELETE FROM pull_tables WHERE schema_name = 'notion'");
}
