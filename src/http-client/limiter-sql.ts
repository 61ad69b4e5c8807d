import type { Queryable } from "../db/types.ts";

/** A bucket: its key, refill rate (tokens per second) and capacity. */
export interface BucketSpec {
  key: string;
  rate: number;
  capacity: number;
  /**
   * False for a budget a provider's 429 never speaks for (Ferry's own fleet-wide quota): a 429 on
   * one connection must not stop every other. Default true.
   */
  pausable?: boolean;
}

/** Creates missing buckets, full. */
export async function ensureBuckets(db: Queryable, specs: readonly BucketSpec[]): Promise<void> {
  await db.query(
    `INSERT INTO rate_limit_buckets (key, tokens, refilled_at)
     SELECT key, capacity, clock_timestamp() FROM unnest($1::text[], $2::float8[]) AS s(key, capacity)
     ON CONFLICT (key) DO NOTHING`,
    [specs.map((s) => s.key), specs.map((s) => s.capacity)],
  );
}

// $1 keys, $2 rates, $3 capacities, $4 tokens wanted, $5 most tokens to take (prefetch), $6 tokens
// the take must leave in every bucket (a background call's reserve, so the calls of a Sync now find
// them; at most what the bucket holds beyond one call).
// Locks the buckets in key order (no deadlocks between processes taking several keys), computes
// each level now, and takes from all of them only if every one has enough and none is paused.
// A take that waited for another one's lock read the clock before that one wrote: its level has
// no refill past that write, so refilled_at never goes back before it (or that refill would count twice).
const TAKE = `WITH t AS (SELECT clock_timestamp() AS now),
input AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS i(key, rate, capacity)),
cur AS (
  SELECT b.key, i.rate, b.paused_until,
    LEAST(i.capacity, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ((SELECT now FROM t) - b.refilled_at))) * i.rate) AS level,
    LEAST($6::float8, GREATEST(0, i.capacity - $4)) AS reserve
  FROM rate_limit_buckets b JOIN input i ON i.key = b.key
  ORDER BY b.key
  FOR UPDATE OF b
),
verdict AS (
  SELECT
    count(*) AS found,
    bool_and(level >= $4 + reserve AND (paused_until IS NULL OR paused_until <= (SELECT now FROM t))) AS ok,
    GREATEST($4, LEAST($5, min(floor(level - reserve)))) AS take,
    max(GREATEST(
      CASE WHEN level >= $4 + reserve THEN 0 ELSE ($4 + reserve - level) / rate END,
      COALESCE(EXTRACT(EPOCH FROM (paused_until - (SELECT now FROM t))), 0)
    )) AS wait_s
  FROM cur
),
taken AS (
  UPDATE rate_limit_buckets b SET tokens = c.level - v.take, refilled_at = GREATEST(b.refilled_at, (SELECT now FROM t))
  FROM cur c, verdict v
  WHERE b.key = c.key AND v.ok
  RETURNING b.key
)
SELECT v.found::int AS found, v.ok, CASE WHEN v.ok THEN v.take ELSE 0 END::int AS taken, v.wait_s::float8 AS wait_s,
  (SELECT count(*) FROM taken)::int AS updated
FROM verdict v`;

export interface TakeResult {
  /** Buckets that exist (fewer than asked: create them first). */
  found: number;
  /** Tokens taken from every bucket: 0, or between `want` and `most`. */
  taken: number;
  /** When nothing was taken: seconds until every bucket has `want` tokens and none is paused. */
  waitSeconds: number;
}

/**
 * Takes `want` (up to `most`) tokens from all the buckets at once, leaving at least `reserve` in
 * each, or none and says how long to wait. One statement.
 */
export async function takeTokens(
  db: Queryable,
  specs: readonly BucketSpec[],
  want: number,
  most: number,
  reserve = 0,
): Promise<TakeResult> {
  const { rows } = await db.query<{ found: number; ok: boolean | null; taken: number; wait_s: number | null }>(TAKE, [
    specs.map((s) => s.key),
    specs.map((s) => s.rate),
    specs.map((s) => s.capacity),
    want,
    Math.max(want, most),
    reserve,
  ]);
  const r = rows[0];
  return { found: r?.found ?? 0, taken: r?.taken ?? 0, waitSeconds: Math.max(0, Number(r?.wait_s ?? 0)) };
}

/**
 * Pauses the keys for `ms` from now (the database's clock, which every process shares) and
 * empties them; a longer pause already set wins.
 */
export async function pauseBuckets(db: Queryable, keys: readonly string[], ms: number): Promise<void> {
  await db.query(
    `UPDATE rate_limit_buckets SET tokens = LEAST(tokens, 0), refilled_at = clock_timestamp(),
       paused_until = GREATEST(COALESCE(paused_until, '-infinity'::timestamptz), clock_timestamp() + $2 * interval '1 millisecond')
     WHERE key = ANY($1::text[])`,
    [keys, ms],
  );
}

/** How long the longest pause among the keys still lasts, in ms (0: none). */
export async function pauseRemainingMs(db: Queryable, keys: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ ms: number | null }>(
    "SELECT EXTRACT(EPOCH FROM (max(paused_until) - clock_timestamp())) * 1000 AS ms FROM rate_limit_buckets WHERE key = ANY($1::text[])",
    [keys],
  );
  return Math.max(0, Number(rows[0]?.ms ?? 0));
}
