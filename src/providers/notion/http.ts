import type { ProviderHooks, Verdict } from "../../http-client/limited-fetch.ts";
import { IDEMPOTENT_METHODS, retryAfterMs } from "../../http-client/policy.ts";
import type { Rate } from "../../settings/spec.ts";
import { bucket } from "../runtime.ts";

const ID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;

/** Notion's POSTs that only read: safe to repeat. */
const READ_POSTS = [/^\/v1\/search$/, /^\/v1\/(databases|data_sources)\/[^/]+\/query$/];

/** Notion's answers, for Ferry's retry policy (developers.notion.com "Status codes"). */
export const notionHooks: ProviderHooks = {
  provider: "notion",
  endpoint: (method, url) => `${method} ${url.pathname.replace(ID, ":id")}`,
  idempotent: (method, url) => IDEMPOTENT_METHODS.has(method) || (method === "POST" && READ_POSTS.some((r) => r.test(url.pathname))),
  async classify(res): Promise<Verdict> {
    if (res.status === 429 || res.status === 529) {
      // Notion says which budget ran out: the connection's own, or the workspace's (shared).
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { additional_data?: { rate_limit_reason?: string } } | null;
      const ownOnly = body?.additional_data?.rate_limit_reason === "public_api_request_rate_limit";
      return { kind: "rate_limited", retryAfterMs: retryAfterMs(res.headers.get("retry-after")), ownOnly };
    }
    if (res.status === 409) return { kind: "conflict" };
    if (res.status >= 500) return { kind: "unavailable" };
    return { kind: "done" };
  },
};

/**
 * A Notion connection's buckets: its own budget, its workspace's (shared by all its connections)
 * and, when given, the whole integration's (every user, every process), which Notion's 429s never
 * pause: a 429 speaks for one connection or workspace.
 */
export function notionBuckets(
  limits: { connection: Rate; workspace: Rate; integration?: Rate },
  who: { connectionId: string; workspaceId: string },
) {
  return [
    bucket(`notion:connection:${who.connectionId}`, limits.connection),
    bucket(`notion:workspace:${who.workspaceId}`, limits.workspace),
    ...(limits.integration ? [{ ...bucket("notion:integration", limits.integration), pausable: false }] : []),
  ];
}
