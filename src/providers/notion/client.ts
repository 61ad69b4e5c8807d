import { Client } from "@notionhq/client";
import { limitedFetch } from "../../http-client/limited-fetch.ts";
import type { ProviderRuntime } from "../runtime.ts";
import { notionBuckets, notionHooks } from "./http.ts";

/**
 * The official Notion client for one connection, with its own retries off: every request goes
 * through the shared limiter (the connection's and its workspace's buckets) and Ferry's policy.
 */
export function notionApi(
  rt: ProviderRuntime,
  apiBaseUrl: string,
  who: { token: string; connectionId: string; workspaceId: string },
): Client {
  const fetch = limitedFetch({
    limiter: rt.limiter,
    metrics: rt.metrics,
    policy: rt.policy,
    hooks: notionHooks,
    buckets: notionBuckets(rt.limits.notion, who),
    logger: rt.logger,
    fetch: rt.fetch,
  });
  // The SDK's own timeout covers the whole call (limiter waits and retries included): the deadline bounds it instead.
  return new Client({ auth: who.token, baseUrl: apiBaseUrl, fetch, retry: false, timeoutMs: rt.policy.deadlineMs + rt.policy.timeoutMs });
}
