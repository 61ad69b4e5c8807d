import { z } from "zod";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import { recordRunEnd } from "../scheduler/schedules.ts";
import type { PushOptions } from "../sync/push/engine.ts";
import { executePush } from "../sync/push/execute.ts";
import { PUSH_JOB } from "../sync/push/jobs.ts";
import type { SyncDeps } from "../sync/session.ts";

const payload = z
  .object({
    connection_id: z.string().uuid(),
    user_id: z.string().min(1).max(200),
    // A bounded run (the scheduler's): at most this many provider calls, the rest in later turns.
    max_calls: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
type Payload = z.infer<typeof payload>;

/**
 * `notion.sync`: pushes the user's changed nodes into their Notion (see src/sync/push/), then
 * tells the scheduler what the run cost and when the user was last synced.
 */
export function pushSyncJob(
  deps: SyncDeps,
  options: Omit<PushOptions, "logger">,
): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: PUSH_JOB,
    description: "Push sync: the user's changed workspaces, folders and notes into their Notion.",
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const result = await executePush(deps, options, p, ctx);
    const units = Object.values(result.counts).reduce((n, c) => n + c, 0);
    await recordRunEnd(deps.db, {
      kind: "push",
      userId: p.user_id,
      jobId: ctx.job.id,
      calls: result.calls,
      units,
      startedAt: result.startedAt,
      now: deps.clock.now(),
      workLeft: result.workLeft,
    });
    ctx.logger.info(
      {
        userId: p.user_id,
        connectionId: p.connection_id,
        ...result.counts,
        calls: result.calls,
        workLeft: result.workLeft,
        root: result.rootStatus,
      },
      "push sync finished",
    );
  };
  return { definition, handler };
}
