/**
 * Reading the sandbox's request log (`GET /__sandbox/requests`): for rate questions (the limiter's
 * multi-process test, `npm run bench:limiter`) and call counts (the push engine's tests,
 * `npm run bench:push`). No vitest imports.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** When the sandbox logged it (after answering), epoch ms. */
  time: number;
}

const LOG_SIZE = 10_000;

/** Every Notion API request the sandbox logged for `token`, oldest first. Throws if the log may have dropped some. */
export async function notionRequests(sandboxUrl: string, token: string): Promise<LoggedRequest[]> {
  const res = await fetch(`${sandboxUrl}/__sandbox/requests?limit=${LOG_SIZE}`);
  const body = (await res.json()) as {
    total: number;
    recent: { at: string; method: string; path: string; status: number; token: string | null }[];
  };
  if (body.total >= LOG_SIZE) throw new Error(`the sandbox's request log is full (${body.total} entries): older requests may be missing`);
  return body.recent
    .filter((e) => e.token === token.slice(-4) && e.path.startsWith("/v1/"))
    .map((e) => ({ method: e.method, path: e.path, status: e.status, time: Date.parse(e.at) }))
    .sort((a, b) => a.time - b.time);
}

/** The most requests in any window of `ms` (windows start at a request: that is where the maximum is). */
export function maxInWindow(requests: readonly { time: number }[], ms: number): number {
  const times = requests.map((r) => r.time).sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    while (end < times.length && (times[end] as number) < (times[start] as number) + ms) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

/** One provider request as the sandbox logged it; `endpoint` is the route, e.g. `PATCH /v1/blocks/:id`. */
export interface ProviderCall {
  method: string;
  path: string;
  endpoint: string;
  status: number;
}

/**
 * The provider requests (`/v1/…`) the sandbox logged while `fn` ran, oldest first, and how long it
 * ran. `fetchLog` reads the log (a caller may pass one that retries). Throws if the log is full:
 * the window could be cut.
 */
export async function providerCallsDuring(
  sandboxUrl: string,
  fn: () => Promise<unknown>,
  fetchLog: (url: string) => Promise<Response> = fetch,
  prefix = "/v1/",
): Promise<{ calls: ProviderCall[]; seconds: number }> {
  const read = async () =>
    (await (await fetchLog(`${sandboxUrl}/__sandbox/requests?limit=${LOG_SIZE}`)).json()) as { total: number; recent: ProviderCall[] };
  const before = (await read()).total;
  const started = performance.now();
  await fn();
  const seconds = (performance.now() - started) / 1000;
  const after = await read();
  if (after.total >= LOG_SIZE) throw new Error(`the sandbox's request log is full (${after.total} entries): a window's calls would be cut`);
  // The log also holds the first read of it (logged once it answered); only the provider's requests (`prefix`) count.
  return { calls: after.recent.slice(before - after.total).filter((r) => r.path.startsWith(prefix)), seconds };
}
