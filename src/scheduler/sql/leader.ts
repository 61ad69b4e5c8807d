import type { Queryable } from "../../db/types.ts";

/** `scheduler_leader`: who leads, under which fence, until when (see ../leader.ts). */

/**
 * Takes or keeps the lead until `until`: a holder keeps its fence while its lease runs; a new
 * holder (the lease was free or expired) gets the next fence. Null: someone else leads.
 */
export async function takeLead(db: Queryable, name: string, holder: string, now: Date, until: Date): Promise<bigint | null> {
  const { rows } = await db.query<{ fence: string }>(
    `INSERT INTO scheduler_leader (name, holder, fence, expires_at) VALUES ($1, $2, 1, $4)
     ON CONFLICT (name) DO UPDATE
       SET fence = CASE WHEN scheduler_leader.holder = EXCLUDED.holder AND scheduler_leader.expires_at > $3
                        THEN scheduler_leader.fence ELSE scheduler_leader.fence + 1 END,
           holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE scheduler_leader.expires_at <= $3 OR scheduler_leader.holder = EXCLUDED.holder
     RETURNING fence`,
    [name, holder, now, until],
  );
  const fence = rows[0]?.fence;
  return fence === undefined ? null : BigInt(fence);
}

/** Gives the lead up (on shutdown), if this holder still has it under `fence`. */
export async function dropLead(db: Queryable, name: string, holder: string, fence: bigint): Promise<void> {
  await db.query("DELETE FROM scheduler_leader WHERE name = $1 AND holder = $2 AND fence = $3", [name, holder, fence.toString()]);
}

/**
 * SQL that is true while `fence` still leads at `now`: every write of a tick is guarded by it,
 * in the same statement, so a leader paused past its lease writes nothing. `$n` placeholders are
 * the caller's: name, fence, now.
 */
export const stillLeads = (name: string, fence: string, now: string) =>
  `EXISTS (SELECT 1 FROM scheduler_leader l WHERE l.name = ${name} AND l.fence = ${fence} AND l.expires_at > ${now})`;

/** Whether `lead` still leads at `now` (checked before each admission's enqueue). */
export async function stillLeading(db: Queryable, lead: { name: string; fence: bigint }, now: Date): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 WHERE ${stillLeads("$1", "$2", "$3")}`, [lead.name, lead.fence.toString(), now]);
  return rows.length > 0;
}

/** Records what the tick did (for GET /v1/scheduler), if the fence still leads. */
export async function recordTick(db: Queryable, name: string, fence: bigint, now: Date, report: unknown): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE scheduler_leader SET last_tick_at = $3, last_tick = $4 WHERE name = $1 AND fence = $2 AND expires_at > $3",
    [name, fence.toString(), now, JSON.stringify(report)],
  );
  return rowCount === 1;
}

export interface LeaderRow {
  holder: string;
  fence: string;
  expires_at: Date;
  last_tick_at: Date | null;
  last_tick: unknown;
}

export async function leaderRow(db: Queryable, name: string): Promise<LeaderRow | null> {
  const { rows } = await db.query<LeaderRow>(
    "SELECT holder, fence::text AS fence, expires_at, last_tick_at, last_tick FROM scheduler_leader WHERE name = $1",
    [name],
  );
  return rows[0] ?? null;
}
