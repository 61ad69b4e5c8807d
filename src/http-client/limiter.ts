import { sleep } from "../clock.ts";
import type { Db } from "../db/types.ts";
import { RateLimitWaitError } from "./errors.ts";
import { type BucketSpec, ensureBuckets, pauseBuckets, pauseRemainingMs, takeTokens } from "./limiter-sql.ts";

export interface LimiterOptions {
  /**
   * Tokens taken in one round trip when the buckets have them (the rest are held here for the
   * next calls of this process), so a single busy process does not pay a round trip per call.
   */
  prefetch?: number;
  /** Held tokens not used within this long are dropped (they were counted when taken). */
  holdMs?: number;
  /** Extra headroom for network jitter between our clock and the provider's. */
  jitterMs?: number;
  /** Longest single sleep before asking the database again (a pause may have ended early, or been set). */
  maxSleepMs?: number;
}

interface Held {
  tokens: number;
  expires: number;
}

const idOf = (specs: readonly BucketSpec[]) => specs.map((s) => s.key).join("\n");

/**
 * Who a call is for: `now` (a person is waiting: Sync now, a connect, an action) or `background`
 * (the scheduler's runs). A background call leaves BACKGROUND_RESERVE tokens in every bucket, in
 * every process, so when both wait on a bucket the calls of a Sync now go first.
 */
export type CallPriority = "now" | "background";

export const BACKGROUND_RESERVE = 1;

/**
 * A token-bucket rate limiter shared by every process through the database. `acquire` takes one
 * token from every bucket of a call at once (one statement), or learns how long to wait. Inside
 * one process the callers of the same buckets queue in order, so only one of them asks the
 * database at a time. Tokens taken ahead are held for `holdMs` at most; the buckets' capacity
 * is lowered by what can be held or drift in that time, so the provider never sees more than
 * rate × T + burst in any window T.
 */
export class SharedLimiter {
  private readonly prefetch: number;
  private readonly holdMs: number;
  private readonly jitterMs: number;
  private readonly maxSleepMs: number;
  private readonly known = new Set<string>();
  private readonly held = new Map<string, Held>();
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    opts: LimiterOptions = {},
  ) {
    this.prefetch = Math.max(1, opts.prefetch ?? 4);
    this.holdMs = opts.holdMs ?? 200;
    this.jitterMs = opts.jitterMs ?? 100;
    this.maxSleepMs = opts.maxSleepMs ?? 1000;
  }

  /** What the buckets hold at most: the configured burst less the headroom for held tokens and jitter. */
  private stored(specs: readonly BucketSpec[]): BucketSpec[] {
    const slackS = (this.holdMs + this.jitterMs) / 1000;
    return specs.map((s) => ({ ...s, capacity: Math.max(1, s.capacity - s.rate * slackS) }));
  }

  /**
   * Waits until a call may go to the provider. Resolves with the milliseconds spent waiting;
   * throws RateLimitWaitError (retry later) when the wait would pass `deadline` (epoch ms).
   */
  async acquire(
    specs: readonly BucketSpec[],
    opts: { signal?: AbortSignal; deadline?: number; priority?: CallPriority } = {},
  ): Promise<number> {
    const started = Date.now();
    const priority = opts.priority ?? "now";
    // Each class queues apart in this process, so a Sync-now call never waits behind a background one.
    const id = `${idOf(specs)}\n#${priority}`;
    const before = this.turns.get(id) ?? Promise.resolve();
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = before.then(() => mine);
    this.turns.set(id, tail);
    await before;
    try {
      await this.takeOne(id, this.stored(specs), { ...opts, reserve: priority === "background" ? BACKGROUND_RESERVE : 0 });
      return Date.now() - started;
    } finally {
      done();
      if (this.turns.get(id) === tail) this.turns.delete(id);
    }
  }

  private async takeOne(
    id: string,
    specs: BucketSpec[],
    opts: { signal?: AbortSignal; deadline?: number; reserve: number },
  ): Promise<void> {
    for (;;) {
      opts.signal?.throwIfAborted();
      const held = this.held.get(id);
      if (held && held.tokens > 0 && held.expires > Date.now()) {
        held.tokens--;
        return;
      }
      this.held.delete(id);
      const missing = specs.filter((s) => !this.known.has(s.key));
      if (missing.length > 0) {
        await ensureBuckets(this.db, missing);
        for (const s of missing) this.known.add(s.key);
      }
      const r = await takeTokens(this.db, specs, 1, this.prefetch, opts.reserve);
      if (r.found < specs.length) {
        for (const s of specs) this.known.delete(s.key);
        continue;
      }
      if (r.taken > 0) {
        if (r.taken > 1) this.held.set(id, { tokens: r.taken - 1, expires: Date.now() + this.holdMs });
        return;
      }
      const waitMs = Math.ceil(r.waitSeconds * 1000);
      if (opts.deadline !== undefined && Date.now() + waitMs > opts.deadline) throw new RateLimitWaitError(waitMs);
      await sleep(Math.min(Math.max(waitMs, 5), this.maxSleepMs), opts.signal);
    }
  }

  /** A provider said to stop (429/529 with Retry-After): every process waits `ms` before using these keys. */
  async pause(keys: readonly string[], ms: number): Promise<void> {
    for (const [id] of this.held) if (keys.some((k) => id.split("\n").includes(k))) this.held.delete(id);
    await pauseBuckets(this.db, keys, ms);
  }

  /** How long the keys stay paused, in ms. */
  pausedFor(keys: readonly string[]): Promise<number> {
    return pauseRemainingMs(this.db, keys);
  }
}
