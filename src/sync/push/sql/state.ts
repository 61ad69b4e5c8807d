import type { Queryable } from "../../../db/types.ts";

/** `push_sync_state`: one row per user: the connection, the sync root, the last run and its job. */

export interface PushState {
  userId: string;
  connectionId: string | null;
  rootPageId: string | null;
  rootStatus: "unset" | "ok" | "inaccessible";
  lastStartedAt: Date | null;
  lastSyncedAt: Date | null;
  lastCounts: Record<string, number>;
  /** The last run's node errors: the message, and its code and provider status (`providers/errors.ts#errorRecord`). */
  lastErrors: Array<{ kind: string; id: string; error: string; code?: string; status?: number }>;
  /** The job of the latest run that started. */
  lastJobId: string | null;
}

interface Row {
  user_id: string;
  connection_id: string | null;
  root_page_id: string | null;
  root_status: PushState["rootStatus"];
  last_started_at: Date | null;
  last_synced_at: Date | null;
  last_counts: Record<string, number>;
  last_errors: PushState["lastErrors"];
  last_job_id: string | null;
}

const toState = (r: Row): PushState => ({
  userId: r.user_id,
  connectionId: r.connection_id,
  rootPageId: r.root_page_id,
  rootStatus: r.root_status,
  lastStartedAt: r.last_started_at,
  lastSyncedAt: r.last_synced_at,
  lastCounts: r.last_counts,
  lastErrors: r.last_errors,
  lastJobId: r.last_job_id === null ? null : String(r.last_job_id),
});

export async function getPushState(db: Queryable, userId: string): Promise<PushState | null> {
  const { rows } = await db.query<Row>("SELECT * FROM push_sync_state WHERE user_id = $1", [userId]);
  return rows[0] ? toState(rows[0]) : null;
}

/** The user's state, created on first use; a new connection keeps the root only if it is the same one. */
export async function ensurePushState(db: Queryable, userId: string, connectionId: string): Promise<PushState> {
  const { rows } = await db.query<Row>(
    `INSERT INTO push_sync_state (user_id, connection_id) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET
       root_page_id = CASE WHEN push_sync_state.connection_id = EXCLUDED.connection_id THEN push_sync_state.root_page_id END,
       root_status = CASE WHEN push_sync_state.connection_id = EXCLUDED.connection_id THEN push_sync_state.root_status ELSE 'unset' END,
       connection_id = EXCLUDED.connection_id
     RETURNING *`,
    [userId, connectionId],
  );
  return toState(rows[0] as Row);
}

/** Sets the sync root (a pasted page, or the one Ferry created); `null` asks Ferry to create one. */
export async function setRoot(db: Queryable, userId: string, rootPageId: string | null, status: PushState["rootStatus"]): Promise<void> {
  await db.query("UPDATE push_sync_state SET root_page_id = $2, root_status = $3, updated_at = now() WHERE user_id = $1", [
    userId,
    rootPageId,
    status,
  ]);
}

/** The root is trashed, deleted or unshared: the sync stops until the user sets one. */
export async function markRootInaccessible(db: Queryable, userId: string): Promise<void> {
  await db.query("UPDATE push_sync_state SET root_status = 'inaccessible', updated_at = now() WHERE user_id = $1", [userId]);
}

/** Sets the root a user pasted, making the state row (with the connection) on first use. */
export async function saveChosenRoot(db: Queryable, userId: string, connectionId: string, pageId: string): Promise<void> {
  await db.query(
    `INSERT INTO push_sync_state (user_id, connection_id, root_page_id, root_status) VALUES ($1, $2, $3, 'ok')
     ON CONFLICT (user_id) DO UPDATE SET connection_id = $2, root_page_id = $3, root_status = 'ok', updated_at = now()`,
    [userId, connectionId, pageId],
  );
}

export async function recordRun(
  db: Queryable,
  userId: string,
  r: { startedAt: Date; finishedAt: Date | null; counts: Record<string, number>; errors: PushState["lastErrors"] },
): Promise<void> {
  await db.query(
    `UPDATE push_sync_state SET last_started_at = $2, last_synced_at = COALESCE($3, last_synced_at), last_counts = $4, last_errors = $5, updated_at = now()
     WHERE user_id = $1`,
    [userId, r.startedAt, r.finishedAt, JSON.stringify(r.counts), JSON.stringify(r.errors.slice(0, 20))],
  );
}

/**
 * Records the job of a run that is starting, before anything else can fail, so the status can
 * name it if it is dead-lettered. A user's first run makes the state row (without a connection:
 * the run sets it); a user who no longer exists gets none.
 */
export async function markRunStarted(db: Queryable, userId: string, jobId: string): Promise<void> {
  await db.query(
    `INSERT INTO push_sync_state (user_id, last_job_id) SELECT id, $2 FROM app_users WHERE id = $1
     ON CONFLICT (user_id) DO UPDATE SET last_job_id = EXCLUDED.last_job_id`,
    [userId, jobId],
  );
}
