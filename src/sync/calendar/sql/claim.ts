import type { Queryable } from "../../../db/types.ts";
import type { DeadLetterReason } from "../../../errors.ts";

/**
 * A drain's hold on outbox rows: claiming the rows it may apply now, and writing their outcomes.
 * Every outcome is owner-checked (`claimed_by`): a drain whose rows were taken back writes nothing.
 */

export type OutboxOperation = "UPSERT_EVENT" | "CANCEL_EVENT" | "REBUILD_ALL";
export type OutboxStatus = "PENDING" | "PROCESSING" | "COMPLETED" | "DEAD_LETTER";

export interface OutboxRow {
  id: string;
  user_id: string;
  workspace_id: string;
  calendar_id: string;
  operation: OutboxOperation;
  source_type: string | null;
  source_id: string | null;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  max_attempts: number | null;
  next_attempt_at: Date;
  claimed_by: string | null;
  last_error: unknown;
  result: unknown;
  dead_letter_reason: string | null;
  created_at: Date;
  updated_at: Date;
  processed_at: Date | null;
  dead_lettered_at: Date | null;
}

/**
 * Claims up to `limit` of the user's due rows that nothing is ahead of: no earlier live row of the
 * same source, no earlier live REBUILD_ALL of the same calendar, and, for a REBUILD_ALL, no earlier
 * live row of its calendar at all. So rows apply in the order written, per source and around
 * rebuilds, while different sources go in parallel. Rows another drain is claiming are skipped.
 */
export async function claimRows(db: Queryable, userId: string, owner: string, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `WITH heads AS (
       SELECT o.id FROM calendar_outbox o
        WHERE o.user_id = $1 AND o.status = 'PENDING' AND o.next_attempt_at <= $2
          AND NOT EXISTS (
            SELECT 1 FROM calendar_outbox p
             WHERE p.workspace_id = o.workspace_id AND p.calendar_id = o.calendar_id AND p.id < o.id
               AND p.status IN ('PENDING', 'PROCESSING')
               AND (o.operation = 'REBUILD_ALL' OR p.operation = 'REBUILD_ALL'))
          AND NOT EXISTS (
            SELECT 1 FROM calendar_outbox p
             WHERE p.workspace_id = o.workspace_id AND p.calendar_id = o.calendar_id
               AND p.source_type = o.source_type AND p.source_id = o.source_id AND p.id < o.id
               AND p.status IN ('PENDING', 'PROCESSING'))
        ORDER BY o.id
        LIMIT $3
        FOR UPDATE OF o SKIP LOCKED
     )
     UPDATE calendar_outbox o SET status = 'PROCESSING', claimed_by = $4, attempts = o.attempts + 1, updated_at = $2
       FROM heads WHERE o.id = heads.id
     RETURNING o.*`,
    [userId, now, limit, owner],
  );
  return rows.map((r) => ({ ...r, id: String(r.id) })).sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Gives back the user's rows held by an earlier drain (one that died or stalled: only one drain
 * per user is live at a time), so this one can claim them. Their attempt stays counted.
 */
export async function reclaimStale(db: Queryable, userId: string, owner: string, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE calendar_outbox SET status = 'PENDING', claimed_by = NULL, updated_at = $3
      WHERE user_id = $1 AND status = 'PROCESSING' AND claimed_by <> $2`,
    [userId, owner, now],
  );
  return rowCount;
}

const OWNED = "id = $1 AND claimed_by = $2 AND status = 'PROCESSING'";

export async function completeRow(db: Queryable, id: string, owner: string, result: unknown, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE calendar_outbox SET status = 'COMPLETED', claimed_by = NULL, result = $3, processed_at = $4, updated_at = $4 WHERE ${OWNED}`,
    [id, owner, JSON.stringify(result), now],
  );
  return rowCount === 1;
}

export async function retryRow(db: Queryable, id: string, owner: string, error: unknown, at: Date, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE calendar_outbox SET status = 'PENDING', claimed_by = NULL, last_error = $3, next_attempt_at = $4, updated_at = $5 WHERE ${OWNED}`,
    [id, owner, JSON.stringify(error), at, now],
  );
  return rowCount === 1;
}

export async function deadLetterRow(
  db: Queryable,
  id: string,
  owner: string,
  reason: DeadLetterReason,
  error: unknown,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE calendar_outbox SET status = 'DEAD_LETTER', claimed_by = NULL, dead_letter_reason = $3, last_error = $4,
            dead_lettered_at = $5, updated_at = $5 WHERE ${OWNED}`,
    [id, owner, reason, JSON.stringify(error), now],
  );
  return rowCount === 1;
}

/** Gives a row back unapplied (shutdown, or the run stopped before it): its attempt does not count. */
export async function releaseRow(db: Queryable, id: string, owner: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE calendar_outbox SET status = 'PENDING', claimed_by = NULL, attempts = greatest(attempts - 1, 0), updated_at = $3 WHERE ${OWNED}`,
    [id, owner, now],
  );
  return rowCount === 1;
}
