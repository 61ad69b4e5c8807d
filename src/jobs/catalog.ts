import { z } from "zod";
import type { TokenDeps } from "../connections/refresh.ts";
import type { Logger } from "../logger.ts";
import { JobRegistry } from "../queue/registry.ts";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import type { CalendarDeps } from "../sync/calendar/drain.ts";
import type { PullServiceDeps } from "../sync/pull/execute.ts";
import { calendarDrainJob, thenDrain } from "./calendar-drain.ts";
import { connectionCheckJob } from "./connection-check.ts";
import { pullSyncJob } from "./pull-sync.ts";
import { type PushJobDeps, pushSyncJob } from "./push-sync.ts";

/** A job type with its handler. Later features (sync, calendar, ...) add theirs to `catalog()`. */
export interface CatalogEntry<P = unknown> {
  definition: JobDefinition<P>;
  handler: JobHandler<P>;
}

function entry<P>(definition: JobDefinition<P>, handler: JobHandler<P>): CatalogEntry {
  return { definition, handler } as unknown as CatalogEntry;
}

/** `ferry.noop`: does nothing but log at debug. Smoke tests, health probes of the worker path, benchmarks. */
const noop = entry(
  {
    type: "ferry.noop",
    description: "Does nothing; proves the queue and workers are alive.",
    payload: z.object({ note: z.string().max(1000).optional() }).strict(),
  },
  async (payload, ctx) => {
    ctx.logger.debug({ note: payload.note }, "noop job ran");
  },
);

/** Every job type Ferry runs. Provider jobs need the connection layer; without it only the core ones exist. */
export function catalog(deps: {
  logger: Logger;
  connections?: TokenDeps;
  push?: PushJobDeps;
  pull?: PullServiceDeps;
  calendar?: CalendarDeps;
}): CatalogEntry[] {
  const entries = [noop];
  const conn = deps.connections;
  if (deps.push) {
    const job = pushSyncJob(deps.push);
    entries.push(entry(job.definition, job.handler));
  }
  if (deps.pull) {
    const job = pullSyncJob(deps.pull);
    entries.push(entry(job.definition, job.handler));
  }
  if (deps.calendar) {
    const job = calendarDrainJob(deps.calendar);
    entries.push(entry(job.definition, job.handler));
  }
  if (conn)
    for (const provider of conn.providers.values()) {
      // The push sync is Notion's first job when it is wired; otherwise a connection check.
      if (deps.push && provider.firstSyncJob === "notion.sync") continue;
      const job = connectionCheckJob(provider, conn);
      // With the calendar drain wired, a new Google connection then drains the rows that waited for it.
      const handler = deps.calendar && provider.entitlement === "calendar_sync" ? thenDrain(job.handler, conn.db) : job.handler;
      entries.push(entry(job.definition, handler));
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
