import { latestConnection } from "../../connections/store.ts";
import type { Queryable } from "../../db/types.ts";
import { notionProvider } from "../../providers/notion/index.ts";
import { getJob, liveByDedupeKey } from "../../queue/sql/admin.ts";
import { pushDedupeKeys } from "./jobs.ts";
import { getPushState, type PushState } from "./state.ts";

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
  const pending = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM documents d
     LEFT JOIN notion_pages m ON m.user_id = d.user_id AND m.kind = d.kind AND m.doc_id = d.id
     WHERE d.user_id = $1 AND (m.doc_id IS NULL AND NOT d.deleted OR m.synced_seq < d.changed_seq OR m.status IN ('creating', 'failed'))`,
    [userId],
  );
  const failed = await db.query<{ kind: string; doc_id: string; last_error: string | null }>(
    "SELECT kind, doc_id, last_error FROM notion_pages WHERE user_id = $1 AND status IN ('failed', 'missing') ORDER BY updated_at DESC LIMIT 20",
    [userId],
  );
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
    pending: pending.rows[0]?.n ?? 0,
    failed: failed.rows.map((r) => ({ kind: r.kind, id: r.doc_id, error: r.last_error })),
  };
}

/** Sets the root a user pasted; top-level pages follow it on the next run. */
export async function chooseRoot(db: Queryable, userId: string, connectionId: string, pageId: string): Promise<void> {
  await db.query(
    `INSERT INTO push_sync_state (user_id, connection_id, root_page_id, root_status) VALUES ($1, $2, $3, 'ok')
     ON CONFLICT (user_id) DO UPDATE SET connection_id = $2, root_page_id = $3, root_status = 'ok', updated_at = now()`,
    [userId, connectionId, pageId],
  );
  await db.query(
    `UPDATE notion_pages m SET synced_seq = 0 FROM documents d
     WHERE m.user_id = $1 AND d.user_id = $1 AND d.kind = m.kind AND d.id = m.doc_id AND d.parent_kind IS NULL`,
    [userId],
  );
}
