import { z } from "zod";
import type { Logger } from "../logger.ts";
import { googleProvider } from "../providers/google/index.ts";
import { JobRegistry } from "../queue/registry.ts";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import type { CalendarOptions } from "../sync/calendar/drain.ts";
import type { PullOptions } from "../sync/pull/execute.ts";
import type { PushOptions } from "../sync/push/engine.ts";
import type { SyncDeps } from "../sync/session.ts";
import { calendarDrainJob, thenDrain } from "./calendar-drain.ts";
import { connectionCheckJob } from "./connection-check.ts";
import { pullSyncJob } from "./pull-sync.ts";
import { pushSyncJob } from "./push-sync.ts";

/** A job type with its handler. */
export interface CatalogEntry<P = unknown> {
  definition: JobDefinition<P>;
  handler: JobHandler<P>;
}

function entry<P>(job: { definition: JobDefinition<P>; handler: JobHandler<P> }): CatalogEntry {
  return job as unknown as CatalogEntry;
}

/** `ferry.noop`: does nothing but log at debug. Smoke tests, health probes of the worker path, benchmarks. */
const noop = entry({
  definition: {
    type: "ferry.noop",
    description: "Does nothing; proves the queue and workers are alive.",
    payload: z.object({ note: z.string().max(1000).optional() }).strict(),
  },
  handler: async (payload, ctx) => {
    ctx.logger.debug({ note: payload.note }, "noop job ran");
  },
});

/** Which sync engines a process runs, with their options; each one wired adds its job types. */
export interface Engines {
  push?: Omit<PushOptions, "logger">;
  pull?: PullOptions;
  calendar?: CalendarOptions;
}

/**
 * Every job type Ferry runs. Without the connection layer only the core ones exist. Every
 * provider's first job is registered: the engine that owns it (push is Notion's) when wired,
 * otherwise a connection check; with the calendar drain wired, Google's check then wakes the
 * user's drain.
 */
export function catalog(deps: { logger: Logger; sync?: SyncDeps; engines?: Engines }): CatalogEntry[] {
  const entries = [noop];
  const sync = deps.sync;
  if (!sync) return entries;
  const engines = deps.engines ?? {};
  if (engines.push) entries.push(entry(pushSyncJob(sync, engines.push)));
  if (engines.pull) entries.push(entry(pullSyncJob(sync, engines.pull)));
  if (engines.calendar) entries.push(entry(calendarDrainJob(sync, engines.calendar)));
  const taken = new Set(entries.map((e) => e.definition.type));
  for (const provider of sync.providers.values()) {
    if (taken.has(provider.firstJob)) continue;
    const job = connectionCheckJob(provider, sync);
    const wakesDrain = engines.calendar && provider.id === googleProvider.id;
    entries.push(entry(wakesDrain ? { ...job, handler: thenDrain(job.handler, sync) } : job));
    taken.add(provider.firstJob);
  }
  return entries;
}

export function buildRegistry(entries: CatalogEntry[]): { registry: JobRegistry; handlers: Map<string, JobHandler> } {
  const registry = new JobRegistry();
  const handlers = new Map<string, JobHandler>();
  for (const e of entries) {
    registry.register(e.definition);
    handlers.set(e.definition.type, e.handler);
  }
  return { registry, handlers };
}
