/**
 * One calendar bench scenario: fresh Google accounts in the sandbox, `ops` operations written to the
 * outbox in SQL (as an app would, in transactions of 500), drained by a worker pool running the real
 * `calendar.drain` job, timed from the first insert to the last row COMPLETED.
 */
import { randomBytes } from "node:crypto";
import { systemClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { Db } from "../../src/db/types.ts";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import { buildProviders, type ProviderSettings } from "../../src/providers/registry.ts";
import { createProviderRuntime, type RateLimits } from "../../src/providers/runtime.ts";
import { WorkerPool } from "../../src/queue/pool.ts";
import { Queue } from "../../src/queue/queue.ts";
import { startOutboxPoll } from "../../src/sync/calendar/daemons/poll.ts";
import { insertOperations } from "../../src/sync/calendar/sql/outbox.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type GoogleUser, sandboxGoogleUser } from "../../test/helpers/calendar.ts";
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

const UNLIMITED = { perSecond: 1_000_000, burst: 1_000_000 };

function limitsFor(quota: ScenarioSpec["quota"]): RateLimits {
  const configured = loadConfig({}).providers.limits;
  if (!quota) return { notion: configured.notion, google: { user: UNLIMITED, project: UNLIMITED } };
  return { ...configured, google: { user: { perSecond: quota.rate, burst: configured.google.user.burst }, project: UNLIMITED } };
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

export async function runScenario(db: Db, sandboxUrl: string, settings: ProviderSettings, spec: ScenarioSpec): Promise<CalendarScenario> {
  const logger = silentLogger();
  await control(`${sandboxUrl}/__sandbox/rate-limits`, {
    method: "PUT",
    body: JSON.stringify({ google: spec.quota ? { enabled: true, rate: spec.quota.rate, burst: spec.quota.burst } : { enabled: false } }),
  });
  const ring = new KeyRing(randomBytes(32));
  const runtime = createProviderRuntime({ db, logger, limits: limitsFor(spec.quota) });
  const tokens = { db, cipher: ring, providers: buildProviders(settings, runtime), clock: systemClock, logger };
  const calendar = { tokens, runtime, apiRootUrl: settings.google.apiRootUrl, options: { batchSize: spec.batchSize, maxRetries: 5 } };
  const { registry, handlers } = buildRegistry(catalog({ logger, connections: tokens, calendar }));
  await registry.publish(db);
  const queue = new Queue({ db, registry, keepCompleted: false });
  const users: GoogleUser[] = [];
  for (let i = 0; i < spec.users; i++) users.push(await sandboxGoogleUser(db, sandboxUrl, { ring, clientId: settings.google.clientId }));
  const pool = new WorkerPool({ queue, handlers, logger, concurrency: 8, batchSize: 8, leaseMs: 30_000, pollIntervalMs: 200 });
  await pool.start();
  const stopPoll = startOutboxPoll({ db, queue, clock: systemClock, logger, intervalMs: 200, retentionDays: 0, staleMs: 120_000 });
  const ops = Array.from({ length: spec.opsPerUser }, (_, i) => users.map((u) => ({ payload: op(u, i), userId: u.userId }))).flat();
  const mine = users.map((u) => u.userId);
  try {
    const calls = await callsDuring(
      sandboxUrl,
      async () => {
        for (let i = 0; i < ops.length; i += 500) await db.transaction((tx) => insertOperations(tx, ops.slice(i, i + 500)));
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
    const burst = Math.min(spec.quota?.burst ?? 0, loadConfig({}).providers.limits.google.user.burst) * spec.users;
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
