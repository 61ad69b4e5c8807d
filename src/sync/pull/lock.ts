import type { Queryable } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";

/**
 * A lease on one user's rows of one mirror table (`pull_locks`), so a scheduled run and a "sync
 * now" never write them at once: one could otherwise delete, as gone, a row the other just added.
 * The holder renews it while it runs; a holder that dies loses it when it expires.
 */

export interface MirrorLockKey {
  userId: string;
  schema: string;
  table: string;
}

export interface MirrorLease {
  /** Aborts when a renewal finds the lease taken (the holder stalled past its expiry). */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

export interface LockOptions {
  holder: string;
  now: () => Date;
  /** How long the lease lasts without a renewal. Renewed every third of it. */
  ttlMs?: number;
  /** How long to wait for a lease someone else holds before giving up with `conflict`. */
  waitMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_WAIT_MS = 10 * 60_000;
const POLL_MS = 1000;

async function tryTake(db: Queryable, key: MirrorLockKey, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO pull_locks (user_id, schema_name, table_name, holder, expires_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, schema_name, table_name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
     WHERE pull_locks.expires_at <= $6 OR pull_locks.holder = EXCLUDED.holder`,
    [key.userId, key.schema, key.table, holder, new Date(now.getTime() + ttlMs), now],
  );
  return rowCount === 1;
}

async function renew(db: Queryable, key: MirrorLockKey, holder: string, until: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE pull_locks SET expires_at = $5 WHERE user_id = $1 AND schema_name = $2 AND table_name = $3 AND holder = $4",
    [key.userId, key.schema, key.table, holder, until],
  );
  return rowCount === 1;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Takes the lease on `key`, waiting (up to `waitMs`) while another live holder has it; throws a
 * `conflict` FerryError when it stays taken. The lease is renewed until `release()`.
 */
export async function lockMirror(db: Queryable, key: MirrorLockKey, opts: LockOptions): Promise<MirrorLease> {
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  const deadline = opts.now().getTime() + (opts.waitMs ?? DEFAULT_WAIT_MS);
  while (!(await tryTake(db, key, opts.holder, opts.now(), ttlMs))) {
    opts.signal?.throwIfAborted();
    if (opts.now().getTime() >= deadline)
      throw new FerryError("conflict", `another pull run is writing ${key.schema}.${key.table} for user ${key.userId}`, {
        table: `${key.schema}.${key.table}`,
      });
    await sleep(POLL_MS, opts.signal);
  }
  const lost = new AbortController();
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renew(db, key, opts.holder, new Date(opts.now().getTime() + ttlMs)).then(
      (held) => {
        if (!held) lost.abort(new FerryError("conflict", `the pull lease on ${key.schema}.${key.table} was lost`));
      },
      () => undefined, // a failed renewal is tried again; expiry is the backstop
    );
  }, ttlMs / 3);
  timer.unref();
  return {
    signal: lost.signal,
    async release() {
      clearInterval(timer);
      await renewing;
      await db.query("DELETE FROM pull_locks WHERE user_id = $1 AND schema_name = $2 AND table_name = $3 AND holder = $4", [
        key.userId,
        key.schema,
        key.table,
        opts.holder,
      ]);
    },
  };
}
