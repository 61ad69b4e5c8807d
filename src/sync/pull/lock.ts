import type { Queryable } from "../../db/types.ts";
import { type Lease, type LeaseOptions, takeSyncLease } from "../lease.ts";

/**
 * A lease on one user's rows of one mirror table, so a scheduled run and a "sync now" never write
 * them at once: one could otherwise delete, as gone, a row the other just added.
 */
export interface MirrorLockKey {
  userId: string;
  schema: string;
  table: string;
}

export type MirrorLease = Lease;

/** The lease's key in `sync_leases`. */
export const mirrorLeaseKey = (key: MirrorLockKey) => `pull:${key.userId}:${key.schema}.${key.table}`;

/** Takes the lease on a user's rows of a mirror table (see takeSyncLease: waits, then `conflict`). */
export function lockMirror(db: Queryable, key: MirrorLockKey, opts: Omit<LeaseOptions, "what">): Promise<MirrorLease> {
  return takeSyncLease(db, mirrorLeaseKey(key), { ...opts, what: `${key.schema}.${key.table} for user ${key.userId}` });
}
