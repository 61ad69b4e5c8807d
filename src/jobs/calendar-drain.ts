import { z } from "zod";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import { type CalendarOptions, drainUser } from "../sync/calendar/drain.ts";
import { DRAIN_JOB } from "../sync/calendar/jobs.ts";
import { wakeDrains } from "../sync/calendar/outbox.ts";
import type { SyncDeps } from "../sync/session.ts";

const payload = z.object({ user_id: z.string().min(1).max(200) }).strict();
type Payload = z.infer<typeof payload>;

/**
 * `calendar.drain`: applies one user's due calendar outbox rows to their Google Calendar (see
 * src/sync/calendar/). One live job per user (its dedupe key), so a user's rows are drained by one
 * worker at a time and in order; different users' drains run in parallel on any process.
 */
export function calendarDrainJob(
  deps: SyncDeps,
  options: CalendarOptions,
): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: DRAIN_JOB,
    description: "Calendar sync: a user's outbox operations into their Google Calendar.",
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const counts = await drainUser(deps, options, p.user_id, {
      owner: `${ctx.job.id}:${ctx.job.attempts}`,
      signal: ctx.signal,
      logger: ctx.logger,
    });
    if (counts.completed + counts.retried + counts.deadLettered > 0)
      ctx.logger.info({ userId: p.user_id, ...counts }, "calendar drain finished");
  };
  return { definition, handler };
}

/** Wraps a Google connection's first job so that, once it passed, the user's waiting outbox rows are drained. */
export function thenDrain<P extends { user_id: string }>(handler: JobHandler<P>, deps: SyncDeps): JobHandler<P> {
  return async (p, ctx) => {
    await handler(p, ctx);
    await wakeDrains(deps.db, [p.user_id]);
  };
}
