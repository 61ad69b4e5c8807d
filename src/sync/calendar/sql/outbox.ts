import type { Queryable } from "../../../db/types.ts";
import { ValidationError } from "../../../errors.ts";
import { googleProvider } from "../../../providers/google/index.ts";
import { DRAIN_JOB, drainDedupeKey } from "../jobs.ts";
import type { OutboxRow, OutboxStatus } from "./claim.ts";

/** The outbox as the app and operators see it: adding operations, counts, dead letters, clean-up. */

/**
 * Adds operations through `calendar_enqueue()`, in `tx`; returns their ids. The function checks
 * each payload again: its refusal becomes a ValidationError naming the field under `prefix(i)`.
 */
export async function insertOperations(
  tx: Queryable,
  ops: ReadonlyArray<{ payload: unknown; userId: string; maxAttempts?: number }>,
  prefix: (index: number) => string = () => "payload",
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, op] of ops.entries()) {
    try {
      const { rows } = await tx.query<{ id: string }>("SELECT calendar_enqueue($1::jsonb, $2, $3) AS id", [
        JSON.stringify(op.payload),
        op.userId,
        op.maxAttempts ?? null,
      ]);
      ids.push(String(rows[0]?.id));
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const m = e.code === "FY002" ? /^payload((?:\.[\w]+)*): (.*)$/.exec(e.message ?? "") : null;
      if (!m) throw err;
      const issue = { field: `${prefix(i)}${m[1]}`, message: m[2] ?? "" };
      throw new ValidationError(`invalid calendar operation: ${issue.field}: ${issue.message}`, [issue]);
    }
  }
  return ids;
}

export interface OutboxStats {
  by_status: Record<OutboxStatus, number>;
  /** Pending rows due now, and the age of the oldest (seconds). */
  due: number;
  oldest_due_seconds: number;
  /** Pending rows whose user has no active Google connection (they wait for one). */
  waiting_for_connection: number;
}

export async function outboxStats(db: Queryable, now: Date): Promise<OutboxStats> {
  const counts = await db.query<{ status: OutboxStatus; n: number }>(
    "SELECT status, count(*)::int AS n FROM calendar_outbox GROUP BY status",
  );
  const by_status: Record<OutboxStatus, number> = { PENDING: 0, PROCESSING: 0, COMPLETED: 0, DEAD_LETTER: 0 };
  for (const r of counts.rows) by_status[r.status] = r.n;
  const due = await db.query<{ n: number; oldest: Date | null }>(
    "SELECT count(*)::int AS n, min(created_at) AS oldest FROM calendar_outbox WHERE status = 'PENDING' AND next_attempt_at <= $1",
    [now],
  );
  const waiting = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM calendar_outbox o WHERE o.status = 'PENDING'
       AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.user_id = o.user_id AND c.provider = $1 AND c.status = 'active')`,
    [googleProvider.id],
  );
  const oldest = due.rows[0]?.oldest;
  return {
    by_status,
    due: due.rows[0]?.n ?? 0,
    oldest_due_seconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    waiting_for_connection: waiting.rows[0]?.n ?? 0,
  };
}

export async function getOutboxRow(db: Queryable, id: string): Promise<OutboxRow | null> {
  const { rows } = await db.query<OutboxRow>("SELECT * FROM calendar_outbox WHERE id = $1", [id]);
  return rows[0] ? { ...rows[0], id: String(rows[0].id) } : null;
}

/** Dead letters, newest first, `before` an id for paging. */
export async function listDeadLetters(db: Queryable, opts: { limit: number; before?: string; userId?: string }): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT * FROM calendar_outbox WHERE status = 'DEAD_LETTER' AND ($2::bigint IS NULL OR id < $2) AND ($3::text IS NULL OR user_id = $3)
      ORDER BY id DESC LIMIT $1`,
    [opts.limit, opts.before ?? null, opts.userId ?? null],
  );
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}

/** Dead letters by id, or all of them (`ids` null). */
const selection = "status = 'DEAD_LETTER' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))";

/** Puts dead letters back in line: PENDING, due now, attempts reset; their users' drains are woken. Returns their ids. */
export async function replayDeadLetters(db: Queryable, ids: readonly string[] | null, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string; user_id: string }>(
    `UPDATE calendar_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = $2, dead_lettered_at = NULL,
            dead_letter_reason = NULL, updated_at = $2
      WHERE ${selection} RETURNING id, user_id`,
    [ids, now],
  );
  await wakeDrains(db, [...new Set(rows.map((r) => r.user_id))]);
  return rows.map((r) => String(r.id));
}

/**
 * Users with due rows (or rows held since before `staleBefore`) who can be drained: an active
 * Google connection and the provider's entitlement (`calendar_sync`). At most 5,000 a call.
 */
export async function usersToDrain(db: Queryable, now: Date, staleBefore: Date): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT DISTINCT o.user_id FROM calendar_outbox o
       JOIN app_users u ON u.id = o.user_id AND $3 = ANY (u.entitlements)
      WHERE ((o.status = 'PENDING' AND o.next_attempt_at <= $1) OR (o.status = 'PROCESSING' AND o.updated_at < $2))
        AND EXISTS (SELECT 1 FROM connections c WHERE c.user_id = o.user_id AND c.provider = $4 AND c.status = 'active')
      LIMIT 5000`,
    [now, staleBefore, googleProvider.entitlement, googleProvider.id],
  );
  return rows.map((r) => r.user_id);
}

/** Enqueues each user's `calendar.drain` (one live per user), as a new row's trigger does; nothing before Ferry registered it. */
export async function wakeDrains(db: Queryable, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.query(
    `SELECT enqueue($2, jsonb_build_object('user_id', u), dedupe_key => $3 || u)
       FROM unnest($1::text[]) AS u WHERE EXISTS (SELECT 1 FROM job_types WHERE type = $2)`,
    [userIds, DRAIN_JOB, drainDedupeKey("")],
  );
}

export async function discardDeadLetters(db: Queryable, ids: readonly string[] | null): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`DELETE FROM calendar_outbox WHERE ${selection} RETURNING id`, [ids]);
  return rows.map((r) => String(r.id));
}

/** Seed 002's `cleanup_old_outbox_items`: finished rows last changed more than `days` days before `now`. */
export async function cleanupOutbox(db: Queryable, days: number, now: Date): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM calendar_outbox WHERE status IN ('COMPLETED', 'DEAD_LETTER') AND updated_at < $1", [
    new Date(now.getTime() - days * 86_400_000),
  ]);
  return rowCount;
}
