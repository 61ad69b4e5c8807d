import { providerCallsDuring } from "../../test/helpers/sandbox-log.ts";

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

/** The provider calls (`/v1/…`, Notion's; or under `prefix`) the sandbox logged while `fn` ran, per endpoint. */
export async function callsDuring(sandboxUrl: string, fn: () => Promise<unknown>, prefix = "/v1/"): Promise<Calls> {
  const { calls, seconds } = await providerCallsDuring(sandboxUrl, fn, control, prefix);
  const by_endpoint: Record<string, number> = {};
  for (const r of calls) by_endpoint[r.endpoint] = (by_endpoint[r.endpoint] ?? 0) + 1;
  return { total: calls.length, by_endpoint, errors: calls.filter((r) => r.status >= 300).length, seconds };
}
