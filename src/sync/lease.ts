import { sleep } from "../clock.ts";
import type { Queryable } from "../db/types.ts";
import { FerryError } from "../errors.ts";
import { releaseLease, renewLease, takeLease } from "./sql/leases.ts";

/**
 * A lease on a key of `sync_leases`, so two runs of one sync never write the same rows at once
 * (push: a user's pages; pull: a user's rows of one mirror table). The holder renews it while it
 * runs; a holder that dies loses it when it expires. It is a row with an expiry rather than a
 * PostgreSQL advisory lock: a session lock would pin one pooled connection (PGlite's only one)
 * for the whole run, and a transaction lock would hold a transaction open for minutes.
 */
export interface Lease {
  /** Aborts when a renewal finds the lease taken (the holder stalled past its expiry). */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

export interface LeaseOptions {
  holder: string;
  now: () => Date;
  /** How long the lease lasts without a renewal. Renewed every third of it. */
  ttlMs?: number;
  /** How long to wait for a lease someone else holds before giving up with `conflict`. */
  waitMs?: number;
  signal?: AbortSignal;
  /** For the `conflict` message: what the key protects. */
  what?: string;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_WAIT_MS = 10 * 60_000;
const POLL_MS = 1000;

/**
 * Takes the lease on `key`, waiting (up to `waitMs`) while another live holder has it; throws a
 * `conflict` FerryError when it stays taken. The lease is renewed until `release()`.
 */
export async function takeSyncLease(db: Queryable, key: string, opts: LeaseOptions): Promise<Lease> {
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  const what = opts.what ?? key;
  const deadline = opts.now().getTime() + (opts.waitMs ?? DEFAULT_WAIT_MS);
  const until = () => new Date(opts.now().getTime() + ttlMs);
  while (!(await takeLease(db, key, opts.holder, until(), opts.now()))) {
    opts.signal?.throwIfAborted();
    if (opts.now().getTime() >= deadline) throw new FerryError("conflict", `another run is writing ${what}`, { lease: key });
    await sleep(POLL_MS, opts.signal);
  }
  const lost = new AbortController();
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewLease(db, key, opts.holder, until()).then(
      (held) => {
        if (!held) lost.abort(new FerryError("conflict", `the lease on ${what} was lost`, { lease: key }));
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
      await releaseLease(db, key, opts.holder);
    },
  };
}
