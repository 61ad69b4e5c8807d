import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/types.ts";
import { SharedLimiter } from "../../src/http-client/limiter.ts";
import { notionBuckets } from "../../src/providers/notion/http.ts";

export interface CostResult {
  driver: string;
  prefetch: number;
  acquires: number;
  p50_us: number;
  p99_us: number;
  mean_us: number;
  /** Statements sent to the database per acquire (1 without prefetch; about 1/prefetch with it). */
  queries_per_acquire: number;
}

const WARMUP = 200;
/** A rate so high that no acquire ever waits: what is measured is the limiter's own work. */
const UNLIMITED = { perSecond: 1_000_000, burst: 1_000_000 };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Uncontended acquires, one after the other, on a Notion call's two buckets (its connection and
 * its workspace, as every Notion request takes), with `prefetch` tokens taken per round trip.
 */
export async function acquireCost(db: Db, prefetch: number, acquires: number): Promise<CostResult> {
  let queries = 0;
  const counted: Db = {
    ...db,
    query: (text, params, opts) => {
      queries++;
      return db.query(text, params, opts);
    },
  };
  const limiter = new SharedLimiter(counted, { prefetch });
  const specs = notionBuckets({ connection: UNLIMITED, workspace: UNLIMITED }, { connectionId: randomUUID(), workspaceId: randomUUID() });
  for (let i = 0; i < WARMUP; i++) await limiter.acquire(specs);
  queries = 0;
  const samples: number[] = [];
  for (let i = 0; i < acquires; i++) {
    const t0 = performance.now();
    await limiter.acquire(specs);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const us = (ms: number) => Math.round(ms * 1000);
  return {
    driver: db.driver,
    prefetch,
    acquires,
    p50_us: us(percentile(samples, 50)),
    p99_us: us(percentile(samples, 99)),
    mean_us: us(samples.reduce((a, b) => a + b, 0) / samples.length),
    queries_per_acquire: Math.round((queries / acquires) * 1000) / 1000,
  };
}
