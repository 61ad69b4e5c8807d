import type { Queryable } from "../../../db/types.ts";
import { notionProvider } from "../../../providers/notion/index.ts";
import { type MirrorRowInput, type MirrorTarget, specJson, targetFrom } from "../mirror-set.ts";

/** A user's stored mirrors (`pull_mirrors`): what to pull, how often, and when next. */

export interface StoredMirror {
  id: string;
  userId: string;
  sourceKey: string;
  /** The row's spec; a ValidationError when the stored JSON is not a valid spec. */
  target: MirrorTarget | { kind: "invalid"; error: Error };
  intervalSeconds: number;
  enabled: boolean;
  nextRunAt: Date;
  lastRunId: string | null;
}

interface MirrorRow {
  id: string;
  user_id: string;
  source_key: string;
  spec: unknown;
  interval_seconds: number;
  enabled: boolean;
  next_run_at: Date;
  last_run_id: string | null;
}

function toMirror(r: MirrorRow): StoredMirror {
  let target: StoredMirror["target"];
  try {
    target = targetFrom(r.source_key, r.spec);
  } catch (error) {
    target = { kind: "invalid", error: error as Error };
  }
  return {
    id: String(r.id),
    userId: r.user_id,
    sourceKey: r.source_key,
    target,
    intervalSeconds: r.interval_seconds,
    enabled: r.enabled,
    nextRunAt: r.next_run_at,
    lastRunId: r.last_run_id,
  };
}

export async function listMirrors(db: Queryable, userId: string): Promise<StoredMirror[]> {
  const { rows } = await db.query<MirrorRow>("SELECT * FROM pull_mirrors WHERE user_id = $1 ORDER BY id", [userId]);
  return rows.map(toMirror);
}

/**
 * Replaces the user's mirrors with `rows` (call inside a transaction). A new mirror is due at
 * once; a kept one keeps its schedule, brought forward if its new interval ends sooner.
 */
export async function replaceMirrors(tx: Queryable, userId: string, rows: readonly MirrorRowInput[], now: Date): Promise<void> {
  await tx.query("DELETE FROM pull_mirrors WHERE user_id = $1 AND NOT (source_key = ANY($2::text[]))", [
    userId,
    rows.map((r) => r.sourceKey),
  ]);
  for (const r of rows)
    await tx.query(
      `INSERT INTO pull_mirrors (user_id, source_key, spec, interval_seconds, enabled, next_run_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, source_key) DO UPDATE SET
         spec = EXCLUDED.spec, interval_seconds = EXCLUDED.interval_seconds, enabled = EXCLUDED.enabled, updated_at = now(),
         next_run_at = LEAST(pull_mirrors.next_run_at, $6::timestamptz + make_interval(secs => EXCLUDED.interval_seconds))`,
      [userId, r.sourceKey, JSON.stringify(specJson(r.target)), r.intervalSeconds, r.enabled, now],
    );
}

export async function setMirrorLastRun(db: Queryable, mirrorId: string, runId: string): Promise<void> {
  await db.query("UPDATE pull_mirrors SET last_run_id = $2 WHERE id = $1", [mirrorId, runId]);
}

export interface DueMirror {
  id: string;
  userId: string;
}

/**
 * Takes up to `limit` enabled mirrors that are due and whose user can be pulled (an active Notion
 * connection, the `notion_sync` entitlement), oldest first, and moves each one interval on. Rows
 * another process is taking are skipped, so each due mirror is taken once. Call inside the
 * transaction that enqueues their jobs, so a crash takes neither.
 */
export async function takeDueMirrors(tx: Queryable, now: Date, limit: number): Promise<DueMirror[]> {
  const { rows } = await tx.query<{ id: string; user_id: string }>(
    `WITH due AS (
       SELECT m.id FROM pull_mirrors m
       JOIN app_users u ON u.id = m.user_id AND $3 = ANY (u.entitlements)
       WHERE m.enabled AND m.next_run_at <= $1
         AND EXISTS (SELECT 1 FROM connections c WHERE c.user_id = m.user_id AND c.provider = $4 AND c.status = 'active')
       ORDER BY m.next_run_at, m.id
       LIMIT $2
       FOR UPDATE OF m SKIP LOCKED
     )
     UPDATE pull_mirrors m SET next_run_at = $1::timestamptz + make_interval(secs => m.interval_seconds)
     FROM due WHERE m.id = due.id
     RETURNING m.id, m.user_id`,
    [now, limit, notionProvider.entitlement, notionProvider.id],
  );
  return rows.map((r) => ({ id: String(r.id), userId: r.user_id }));
}

/** Users whose stored mirrors are enabled and who can be pulled: "every user" for a request without `user_id`. */
export async function usersWithMirrors(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT DISTINCT m.user_id FROM pull_mirrors m
     JOIN app_users u ON u.id = m.user_id AND $1 = ANY (u.entitlements)
     WHERE m.enabled AND EXISTS (SELECT 1 FROM connections c WHERE c.user_id = m.user_id AND c.provider = $2 AND c.status = 'active')
     ORDER BY m.user_id`,
    [notionProvider.entitlement, notionProvider.id],
  );
  return rows.map((r) => r.user_id);
}
