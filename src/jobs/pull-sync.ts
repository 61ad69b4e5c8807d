import { z } from "zod";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import { recordRunEnd } from "../scheduler/schedules.ts";
import { callPriorityOf } from "../sync/priorities.ts";
import { executeRun, type PullOptions } from "../sync/pull/execute.ts";
import { databaseResults } from "../sync/pull/pull-user.ts";
import { PULL_JOB } from "../sync/pull/request.ts";
import type { PullRequest } from "../sync/pull/runs.ts";
import type { SyncDeps } from "../sync/session.ts";

const payload = z.object({ run_id: z.string().uuid(), user_id: z.string().min(1).max(200) }).strict();
type Payload = z.infer<typeof payload>;

/**
 * `notion.pull`: one pull run (its `pull_runs` row says what to pull) of a user's Notion databases
 * into their mirror tables (see src/sync/pull/). The API, the scheduler and `ferry pull` make runs;
 * the scheduler hears what each cost.
 */
export function pullSyncJob(deps: SyncDeps, options: PullOptions): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: PULL_JOB,
    description: "Pull sync: a user's Notion databases into typed PostgreSQL tables.",
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const startedAt = deps.clock.now();
    let ended = { calls: 0, request: {} as PullRequest };
    const result = await executeRun(deps, options, p.run_id, {
      logger: ctx.logger,
      signal: ctx.signal,
      finalAttempt: ctx.job.attempts >= ctx.job.maxAttempts,
      priority: callPriorityOf(ctx.job.priority),
      onEnd: (e) => {
        ended = e;
      },
    });
    const dbs = databaseResults(result);
    // Only a run of the user's mirrors (the scheduler's, or all of them) counts as their pull being synced.
    const { databaseId, databaseName, mirrorId } = ended.request;
    const synced = databaseId === undefined && databaseName === undefined && mirrorId === undefined;
    const run = { kind: "pull" as const, userId: p.user_id, jobId: ctx.job.id, calls: ended.calls, units: dbs.length, startedAt };
    await recordRunEnd(deps.db, { ...run, now: deps.clock.now(), workLeft: false, synced });
    ctx.logger.info(
      {
        userId: p.user_id,
        runId: p.run_id,
        databases: dbs.length,
        synced: dbs.reduce((n, r) => n + r.synced_count, 0),
        success: result.success,
      },
      "pull sync finished",
    );
  };
  return { definition, handler };
}
