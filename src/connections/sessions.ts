import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../db/types.ts";
import type { ProviderId } from "../providers/types.ts";

export interface ConnectSession {
  id: string;
  userId: string;
  provider: ProviderId;
  returnUrl: string | null;
  expiresAt: Date;
}

interface SessionRow {
  id: string;
  user_id: string;
  provider: ProviderId;
  return_url: string | null;
  expires_at: Date;
}

const toSession = (r: SessionRow): ConnectSession => ({
  id: r.id,
  userId: r.user_id,
  provider: r.provider,
  returnUrl: r.return_url,
  expiresAt: r.expires_at,
});

/** Only the hash of a link's secret is stored: a database leak does not hand out working links. */
const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

/** A new single-use connect link for the user's browser. */
export async function createConnectSession(
  db: Queryable,
  input: { userId: string; provider: ProviderId; returnUrl: string | null },
  opts: { now: Date; ttlMs: number; publicUrl: string },
): Promise<{ session: ConnectSession; url: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(opts.now.getTime() + opts.ttlMs);
  const { rows } = await db.query<SessionRow>(
    `INSERT INTO connect_sessions (id, token_hash, user_id, provider, return_url, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), hashToken(token), input.userId, input.provider, input.returnUrl, expiresAt, opts.now],
  );
  const url = `${opts.publicUrl}/oauth/${input.provider}/start?session=${encodeURIComponent(token)}`;
  return { session: toSession(rows[0] as SessionRow), url };
}

export type BeginFailure = "invalid_session" | "session_expired" | "session_used" | "wrong_provider";

/**
 * Marks the link followed (it works once) and returns its session; otherwise says why not.
 * One UPDATE, so two tabs racing on the same link cannot both start.
 */
export async function beginSession(db: Queryable, token: string, provider: ProviderId, now: Date): Promise<ConnectSession | BeginFailure> {
  const hash = hashToken(token);
  const { rows } = await db.query<SessionRow>(
    `UPDATE connect_sessions SET started_at = $2
     WHERE token_hash = $1 AND started_at IS NULL AND expires_at > $2 AND provider = $3 RETURNING *`,
    [hash, now, provider],
  );
  if (rows[0]) return toSession(rows[0]);
  const found = await db.query<{ started_at: Date | null; expires_at: Date; provider: string }>(
    "SELECT started_at, expires_at, provider FROM connect_sessions WHERE token_hash = $1",
    [hash],
  );
  const s = found.rows[0];
  if (!s) return "invalid_session";
  if (s.provider !== provider) return "wrong_provider";
  if (s.started_at) return "session_used";
  return "session_expired";
}

/** Claims a started session for its callback: true once, false for every replay. */
export async function claimSession(db: Queryable, sessionId: string, now: Date): Promise<ConnectSession | null> {
  const { rows } = await db.query<SessionRow>(
    `UPDATE connect_sessions SET completed_at = $2
     WHERE id = $1 AND started_at IS NOT NULL AND completed_at IS NULL RETURNING *`,
    [sessionId, now],
  );
  return rows[0] ? toSession(rows[0]) : null;
}

/** Records how a session ended (`connected` or the error code the browser got). */
export async function recordOutcome(db: Queryable, sessionId: string, outcome: string): Promise<void> {
  await db.query("UPDATE connect_sessions SET outcome = $2 WHERE id = $1", [sessionId, outcome]);
}

/** Deletes sessions that expired more than a day ago. */
export async function purgeSessions(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM connect_sessions WHERE expires_at < $1", [new Date(now.getTime() - 86_400_000)]);
  return rowCount;
}
