/**
 * Counters for provider calls, per provider, endpoint (a route pattern) and status (an HTTP
 * status, or `timeout` / `network`), and the time calls spent waiting in the limiter. In memory,
 * per process; `snapshot()` is what a metrics endpoint serves.
 */
export class ProviderMetrics {
  private readonly calls = new Map<string, number>();
  private readonly waits = new Map<string, { acquires: number; totalMs: number; maxMs: number }>();

  call(provider: string, endpoint: string, status: number | "timeout" | "network"): void {
    const key = `${provider}\u0000${endpoint}\u0000${status}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  waited(provider: string, ms: number): void {
    const w = this.waits.get(provider) ?? { acquires: 0, totalMs: 0, maxMs: 0 };
    w.acquires++;
    w.totalMs += ms;
    w.maxMs = Math.max(w.maxMs, ms);
    this.waits.set(provider, w);
  }

  snapshot() {
    return {
      calls: [...this.calls].map(([key, count]) => {
        const [provider, endpoint, status] = key.split("\u0000") as [string, string, string];
        return { provider, endpoint, status, count };
      }),
      limiter: [...this.waits].map(([provider, w]) => ({ provider, acquires: w.acquires, wait_ms_total: w.totalMs, wait_ms_max: w.maxMs })),
    };
  }
}
