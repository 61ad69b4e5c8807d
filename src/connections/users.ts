import type { Queryable } from "../db/types.ts";
import { FerryError } from "../errors.ts";

export interface AppUser {
  id: string;
  entitlements: string[];
  tier: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string;
  entitlements: string[];
  tier: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const toUser = (r: UserRow): AppUser => ({
  id: r.id,
  entitlements: r.entitlements,
  tier: r.tier,
  metadata: r.metadata,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Registers an app user or replaces its entitlements, tier and metadata. Ferry trusts the app's backend. */
export async function upsertUser(
  db: Queryable,
  input: { id: string; entitlements: string[]; tier: string; metadata: Record<string, unknown> },
): Promise<{ user: AppUser; created: boolean }> {
  const { rows } = await db.query<UserRow & { created: boolean }>(
    `INSERT INTO app_users (id, entitlements, tier, metadata) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET entitlements = EXCLUDED.entitlements, tier = EXCLUDED.tier,
       metadata = EXCLUDED.metadata, updated_at = now()
     RETURNING *, (xmax = 0) AS created`,
    [input.id, input.entitlements, input.tier, JSON.stringify(input.metadata)],
  );
  const row = rows[0] as UserRow & { created: boolean };
  return { user: toUser(row), created: row.created };
}

export async function getUser(db: Queryable, id: string): Promise<AppUser | null> {
  const { rows } = await db.query<UserRow>("SELECT * FROM app_users WHERE id = $1", [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** The user, or a `not_found` FerryError that says how to register it. */
export async function requireUser(db: Queryable, id: string): Promise<AppUser> {
  const user = await getUser(db, id);
  if (!user) throw new FerryError("not_found", `no user ${id}; register it with PUT /v1/users/{userId}`);
  return user;
}

/** Whether the user exists and holds the entitlement (checked at start, callback and sync). */
export async function isEntitled(db: Queryable, userId: string, entitlement: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM app_users WHERE id = $1 AND $2 = ANY (entitlements)", [userId, entitlement]);
  return rows.length > 0;
}
