import type { ProviderHooks, Verdict } from "../../http-client/limited-fetch.ts";
import { IDEMPOTENT_METHODS, retryAfterMs } from "../../http-client/policy.ts";
import type { Rate } from "../runtime.ts";
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
    if (res.status === 429 || res.status === 529)
      return { kind: "rate_limited", retryAfterMs: retryAfterMs(res.headers.get("retry-after")) };
    if (res.status === 409) return { kind: "conflict" };
    if (res.status >= 500) return { kind: "unavailable" };
    return { kind: "done" };
  },
};

/** A Notion connection's buckets: its own budget and its workspace's, shared by all its connections. */
export function notionBuckets(limits: { connection: Rate; workspace: Rate }, who: { connectionId: string; workspaceId: string }) {
  return [
    bucket(`notion:connection:${who.connectionId}`, limits.connection),
    bucket(`notion:workspace:${who.workspaceId}`, limits.workspace),
  ];
}
