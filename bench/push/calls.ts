/** The sandbox keeps its last 10,000 requests: a window must fit in them. */
const LOG_SIZE = 10_000;

interface LogEntry {
  path: string;
  endpoint: string;
  status: number;
}

export interface Calls {
  total: number;
  /** Per route, e.g. `POST /v1/pages`, `PATCH /v1/blocks/:id/children`. */
  by_endpoint: Record<string, number>;
  /** Answers other than 2xx (none expected: rate limits are off). */
  errors: number;
  seconds: number;
}

/**
 * A request to the sandbox's control API. Tried twice: a kept-alive connection the server closes
 * while the bench computes (idle past its keep-alive timeout) fails the next request with ECONNRESET.
 */
export async function control(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw err;
    return fetch(url, init);
  }
}

async function readLog(sandboxUrl: string): Promise<{ total: number; recent: LogEntry[] }> {
  const res = await control(`${sandboxUrl}/__sandbox/requests?limit=${LOG_SIZE}`);
  return (await res.json()) as { total: number; recent: LogEntry[] };
}

/** The provider calls (`/v1/…`) the sandbox logged while `fn` ran, per endpoint. */
export async function callsDuring(sandboxUrl: string, fn: () => Promise<unknown>): Promise<Calls> {
  const before = (await readLog(sandboxUrl)).total;
  const started = performance.now();
  await fn();
  const seconds = (performance.now() - started) / 1000;
  const after = await readLog(sandboxUrl);
  if (after.total >= LOG_SIZE) throw new Error("the sandbox's request log is full: its counts would be cut; run fewer notes");
  // The log also holds the first read of it (logged once it answered); only /v1 requests count.
  const window = after.recent.slice(before - after.total).filter((r) => r.path.startsWith("/v1/"));
  const by_endpoint: Record<string, number> = {};
  for (const r of window) by_endpoint[r.endpoint] = (by_endpoint[r.endpoint] ?? 0) + 1;
  return { total: window.length, by_endpoint, errors: window.filter((r) => r.status >= 300).length, seconds };
}
