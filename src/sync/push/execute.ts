import type { Logger } from "../../logger.ts";
import { notionProvider } from "../../providers/notion/index.ts";
import { takeSyncLease } from "../lease.ts";
import { callPriorityOf, SYNC_NOW_PRIORITY } from "../priorities.ts";
import { isVerified, openSession, type SyncDeps, verifySession } from "../session.ts";
import { type PushCounts, type PushOptions, runPushSync } from "./engine.ts";
import { markRunStarted } from "./sql/state.ts";

/** The lease that keeps two push runs of one user apart (a running job and its follow-up). */
export const pushLeaseKey = (userId: string) => `push:${userId}`;

export interface PushJobContext {
  /** The job (its priority sets the limiter class of the run's calls; absent: Sync now's). */
  job: { id: string; attempts: number; priority?: number };
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * One `notion.sync` job: takes the user's push lease (waiting while another run of theirs holds
 * it), opens the session (the connection must still exist, be active and entitled), proves the
 * token on a connection's first run (one call, so a grant revoked before anything changed is still
 * noticed), then runs the push sync. Later runs of an unchanged tree make no call at all. Returns
 * the counts, the calls the run made and when it started (changes after it are for the next run).
 */
export async function executePush(
  deps: SyncDeps,
  options: Omit<PushOptions, "logger">,
  payload: { connection_id: string; user_id: string; max_calls?: number | undefined },
  ctx: PushJobContext,
): Promise<{ counts: PushCounts; rootStatus: string; workLeft: boolean; calls: number; startedAt: Date }> {
  const lease = await takeSyncLease(deps.db, pushLeaseKey(payload.user_id), {
    holder: `${ctx.job.id}:${ctx.job.attempts}`,
    now: () => deps.clock.now(),
    what: `the Notion pages of user ${payload.user_id}`,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const startedAt = deps.clock.now();
  try {
    await markRunStarted(deps.db, payload.user_id, ctx.job.id);
    const session = await openSession(
      deps,
      notionProvider,
      { connectionId: payload.connection_id },
      {
        ...(payload.max_calls !== undefined ? { maxCalls: payload.max_calls } : {}),
        priority: callPriorityOf(ctx.job.priority ?? SYNC_NOW_PRIORITY),
      },
    );
    if (!isVerified(session.connection)) await verifySession(deps, session);
    const row = session.connection;
    const botId = String((row.metadata as { bot_id?: unknown }).bot_id ?? "");
    const result = await runPushSync(
      {
        db: deps.db,
        client: session.api,
        userId: row.user_id,
        connectionId: row.id,
        botId,
        now: () => deps.clock.now(),
        meter: session.meter,
      },
      { ...options, logger: ctx.logger },
    );
    return { ...result, calls: session.meter.calls, startedAt };
  } finally {
    await lease.release();
  }
}
