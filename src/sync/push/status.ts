import { latestConnection } from "../../connections/store.ts";
import type { Queryable } from "../../db/types.ts";
import { notionProvider } from "../../providers/notion/index.ts";
import { getJob, liveByDedupeKey } from "../../queue/sql/admin.ts";
import { pushDedupeKeys } from "./jobs.ts";
import { pageCounts, resyncTopLevel } from "./sql/mappings.ts";
import { getPushState, type PushState, saveChosenRoot } from "./sql/state.ts";
import { failedNodes, pendingCount, pendingCounts } from "./sql/status.ts";

/** The push state and page counts as the edges read them (the demo's summary). */
/** Pending nodes per user (the scheduler's estimate of a run's work). */
export { getPushState, type PushState, pageCounts, pendingCounts };

/** The user's Notion connection: the newest active one, else the newest. */
export const notionConnectionOf = (db: Queryable, userId: string) => latestConnection(db, userId, notionProvider.id);

/**
 * Why the user's push sync stopped, when it did: the job of its latest run was dead-lettered and
 * no run has succeeded since (nor is one queued or running). Null while all is well.
 */
async function stoppedBy(db: Queryable, state: PushState | null, live: number) {
  if (!state?.lastJobId || live > 0) return null;
  const job = await getJob(db, state.lastJobId);
  if (job?.status !== "dead_letter" || !job.deadLetteredAt) return null;
  if (state.lastSyncedAt && state.lastSyncedAt > job.deadLetteredAt) return null;
  const error = job.lastError as { message?: unknown } | null;
  return {
    job_id: job.id,
    reason: job.deadLetterReason ?? "unknown",
    error: typeof error?.message === "string" ? error.message : null,
    since: job.deadLetteredAt.toISOString(),
  };
}

/** What `GET /v1/users/{id}/sync` shows: connection, root, last run, whether one is running, pending work. */
export async function pushStatus(db: Queryable, userId: string) {
  const conn = await notionConnectionOf(db, userId);
  const state = await getPushState(db, userId);
  const jobs = conn ? await liveByDedupeKey(db, pushDedupeKeys(conn.id)) : [];
  const pending = await pendingCount(db, userId);
  const failed = await failedNodes(db, userId);
  return {
    connected: conn?.status === "active",
    connection_id: conn?.id ?? null,
    connection_status: conn?.status ?? null,
    root_page_id: state?.rootPageId ?? null,
    root_status: state?.rootStatus ?? "unset",
    running: jobs.some((j) => j.status === "processing"),
    queued: jobs.some((j) => j.status === "queued"),
    stopped: await stoppedBy(db, state, jobs.length),
    last_started_at: state?.lastStartedAt?.toISOString() ?? null,
    last_synced_at: state?.lastSyncedAt?.toISOString() ?? null,
    last_counts: state?.lastCounts ?? {},
    pending,
    failed: failed.map((r) => ({ kind: r.kind, id: r.doc_id, error: r.last_error })),
  };
}

/** Sets the root a user pasted; top-level pages follow it on the next run. */
export async function chooseRoot(db: Queryable, userId: string, connectionId: string, pageId: string): Promise<void> {
  await saveChosenRoot(db, userId, connectionId, pageId);
  await resyncTopLevel(db, userId);
}
