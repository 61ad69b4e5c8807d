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

/** Enabled mirrors due at `now`, per user (users with none are left out): a scheduled run's work. */
export async function dueMirrorCounts(db: Queryable, userIds: readonly string[], now: Date): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<{ user_id: string; n: number }>(
    "SELECT user_id, count(*)::int AS n FROM pull_mirrors WHERE user_id = ANY ($1::text[]) AND enabled AND next_run_at <= $2 GROUP BY user_id",
    [userIds, now],
  );
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

/** Takes the user's due mirrors for a scheduled run: each moves one interval on; their ids. */
export async function takeUserDueMirrors(tx: Queryable, userId: string, now: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE pull_mirrors SET next_run_at = $2::timestamptz + make_interval(secs => interval_seconds)
      WHERE user_id = $1 AND enabled AND next_run_at <= $2 RETURNING id`,
    [userId, now],
  );
  return rows.map((r) => String(r.id)).sort();
}
