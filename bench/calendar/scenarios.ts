/**
 * One calendar bench scenario: fresh Google accounts in the sandbox, `ops` operations written to the
 * outbox in SQL (as an app would, in transactions of 500), drained by a worker pool running the real
 * `calendar.drain` job, timed from the first insert to the last row COMPLETED.
 */
import { randomBytes } from "node:crypto";
import { systemClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/types.ts";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import { googleProvider } from "../../src/providers/google/index.ts";
import { GOOGLE_VARIABLES } from "../../src/providers/google/variables.ts";
import { createProviderRuntime } from "../../src/providers/runtime.ts";
import { WorkerPool } from "../../src/queue/pool.ts";
import { Queue } from "../../src/queue/queue.ts";
import { startOutboxPoll } from "../../src/sync/calendar/daemons/poll.ts";
import { enqueueOperations } from "../../src/sync/calendar/outbox.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type GoogleUser, sandboxGoogleUser } from "../../test/helpers/calendar.ts";
import { sandboxProviders, testSyncDeps, UNLIMITED } from "../../test/helpers/providers.ts";
import { callsDuring, control } from "../push/calls.ts";

export interface CalendarScenario {
  name: string;
  users: number;
  operations: number;
  batch_size: number;
  seconds: number;
  ops_per_second: number;
  /** Google's quota for all the users together (each operation is one call), when on. */
  physical_limit_ops_per_second: number | null;
  /** The fastest the quota allows for these calls: the burst at once, the rest at the rate. */
  fastest_seconds: number | null;
  /** fastest_seconds over seconds. */
  utilisation: number | null;
  google_calls: number;
  /** Answers over quota (403 rateLimitExceeded / 429) the sandbox gave. */
  rate_limited: number;
}

export interface ScenarioSpec {
  name: string;
  users: number;
  opsPerUser: number;
  batchSize: number;
  /** Google's per-user quota in the sandbox (and Ferry's limiter at the same rate), or null for none. */
  quota: { rate: number; burst: number } | null;
}

/** Ferry's default burst per Google account (GOOGLE_RATE_LIMIT's). */
const DEFAULT_USER_BURST = GOOGLE_VARIABLES.GOOGLE_RATE_LIMIT.schema.parse(undefined).burst;

/** Ferry's limits for a scenario: none in the way, or the sandbox's per-user rate with Ferry's default burst. */
function limitsFor(quota: ScenarioSpec["quota"]): Record<string, string> {
  if (!quota) return UNLIMITED;
  return { ...UNLIMITED, GOOGLE_RATE_LIMIT: `${quota.rate},${DEFAULT_USER_BURST}` };
}

const op = (u: GoogleUser, i: number) => ({
  operation: "UPSERT_EVENT",
  workspaceId: u.userId,
  calendarId: u.calendarId,
  sourceType: "task",
  sourceId: `t${i}`,
  eventType: "DEADLINE",
  event: { title: `Task ${i}`, description: "bench", start: "2026-09-01T09:00:00Z", end: "2026-09-01T10:00:00Z", isAllDay: false },
});

export async function runScenario(db: Db, sandboxUrl: string, spec: ScenarioSpec): Promise<CalendarScenario> {
  const logger = silentLogger();
  await control(`${sandboxUrl}/__sandbox/rate-limits`, {
    method: "PUT",
    body: JSON.stringify({ google: spec.quota ? { enabled: true, rate: spec.quota.rate, burst: spec.quota.burst } : { enabled: false } }),
  });
  const ring = new KeyRing(randomBytes(32));
  const runtime = createProviderRuntime({ db, logger });
  const providers = await sandboxProviders(sandboxUrl, runtime, limitsFor(spec.quota));
  const sync = testSyncDeps(db, providers, { ring, clock: systemClock, logger });
  const calendar = { batchSize: spec.batchSize, maxRetries: 5 };
  const { registry, handlers } = buildRegistry(catalog({ logger, sync, engines: { calendar } }));
  await registry.publish(db);
  const queue = new Queue({ db, registry, keepCompleted: false });
  const users: GoogleUser[] = [];
  const clientId = providers.get(googleProvider.id)?.sandboxClient?.clientId ?? "";
  for (let i = 0; i < spec.users; i++) users.push(await sandboxGoogleUser(db, sandboxUrl, { ring, clientId }));
  const pool = new WorkerPool({ queue, handlers, logger, concurrency: 8, batchSize: 8, leaseMs: 30_000, pollIntervalMs: 200 });
  await pool.start();
  const stopPoll = startOutboxPoll({ db, queue, clock: systemClock, logger, intervalMs: 200, retentionDays: 0, staleMs: 120_000 });
  const ops = Array.from({ length: spec.opsPerUser }, (_, i) => users.map((u) => ({ payload: op(u, i), userId: u.userId }))).flat();
  const mine = users.map((u) => u.userId);
  try {
    const calls = await callsDuring(
      sandboxUrl,
      async () => {
        for (let i = 0; i < ops.length; i += 500) await db.transaction((tx) => enqueueOperations(tx, ops.slice(i, i + 500)));
        for (;;) {
          const { rows } = await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM calendar_outbox WHERE user_id = ANY($1::text[]) AND status <> 'COMPLETED'",
            [mine],
          );
          if (rows[0]?.n === 0) break;
          const dead = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM calendar_outbox WHERE status = 'DEAD_LETTER'");
          if ((dead.rows[0]?.n ?? 0) > 0) throw new Error(`${spec.name}: rows were dead-lettered`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      "/calendar/v3/",
    );
    const perSecond = ops.length / calls.seconds;
    const limit = spec.quota ? spec.quota.rate * spec.users : null;
    // The fastest the quota allows: each user's first `burst` calls at once (Ferry's limiter's burst, below the
    // sandbox's), the rest at the rate. Utilisation is that time over the time taken.
    const burst = Math.min(spec.quota?.burst ?? 0, DEFAULT_USER_BURST) * spec.users;
    const fastest = limit === null ? null : Math.max(0, calls.total - burst) / limit;
    return {
      name: spec.name,
      users: spec.users,
      operations: ops.length,
      batch_size: spec.batchSize,
      seconds: Number(calls.seconds.toFixed(2)),
      ops_per_second: Math.round(perSecond * 10) / 10,
      physical_limit_ops_per_second: limit,
      fastest_seconds: fastest === null ? null : Number(fastest.toFixed(2)),
      utilisation: fastest === null ? null : Number((fastest / calls.seconds).toFixed(3)),
      google_calls: calls.total,
      rate_limited: calls.errors,
    };
  } finally {
    stopPoll();
    await pool.stop(10_000);
  }
}
