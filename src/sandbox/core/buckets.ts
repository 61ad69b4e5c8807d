import type { Clock } from "../../clock.ts";

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key, refilled on the sandbox's clock: the rate limits' arithmetic, shared by the modules. */
export class TokenBuckets {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.buckets.clear();
  }

  /** Takes one request from `key`'s bucket (`rate` per second, at most `burst`); returns seconds to wait when it is empty. */
  take(key: string, rate: number, burst: number): number {
    const now = this.clock.now().getTime();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }
}
