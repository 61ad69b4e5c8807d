import { Client } from "@notionhq/client";
import { limitedFetch } from "../../http-client/limited-fetch.ts";
import type { Rate } from "../../settings/spec.ts";
import type { ProviderRuntime } from "../runtime.ts";
import { type TokenSource, withToken } from "../tokens.ts";
import type { ApiSession } from "../types.ts";
import { classifyNotionError } from "./errors.ts";
import { notionBuckets, notionHooks } from "./http.ts";

type RequestArgs = Parameters<Client["request"]>[0];

/**
 * The official Notion client, with Ferry's error seam in its one `request()`: every endpoint
 * method goes through it, so every failure reaches the caller as Ferry's error (see errors.ts),
 * and a 401 renews the token once through the session's TokenSource before the request is sent
 * again. Requests that carry their own `auth` (OAuth's client credentials) are sent as given.
 */
export class NotionApi extends Client {
  readonly #tokens: TokenSource;

  constructor(options: ConstructorParameters<typeof Client>[0] & { tokens: TokenSource }) {
    const { tokens, ...rest } = options;
    super(rest);
    this.#tokens = tokens;
  }

  override request<ResponseBody extends object>(args: RequestArgs): Promise<ResponseBody> {
    if (args.auth !== undefined) return this.#send<ResponseBody>(args);
    return withToken(this.#tokens, (auth) => this.#send<ResponseBody>({ ...args, auth }));
  }

  async #send<ResponseBody extends object>(args: RequestArgs): Promise<ResponseBody> {
    try {
      return await super.request<ResponseBody>(args);
    } catch (err) {
      throw classifyNotionError(err);
    }
  }
}

export interface NotionLimits {
  connection: Rate;
  workspace: Rate;
  /** The whole integration's quota (NOTION_INTEGRATION_RATE_LIMIT), when it is enforced per call. */
  integration?: Rate;
}

/**
 * A NotionApi for one connection, its SDK retries off: every request goes through the shared
 * limiter (the connection's and its workspace's buckets) and Ferry's call policy.
 */
export function notionApi(rt: ProviderRuntime, apiBaseUrl: string, limits: NotionLimits, session: ApiSession): NotionApi {
  const fetch = limitedFetch({
    limiter: rt.limiter,
    metrics: rt.metrics,
    policy: rt.policy,
    hooks: notionHooks,
    buckets: notionBuckets(limits, { connectionId: session.connectionId, workspaceId: session.externalId }),
    logger: rt.logger,
    fetch: rt.fetch,
    ...(session.meter ? { meter: session.meter } : {}),
    ...(session.priority ? { priority: session.priority } : {}),
  });
  // The SDK's own timeout covers the whole call (limiter waits and retries included): the deadline bounds it instead.
  return new NotionApi({
    tokens: session.tokens,
    baseUrl: apiBaseUrl,
    fetch,
    retry: false,
    timeoutMs: rt.policy.deadlineMs + rt.policy.timeoutMs,
  });
}
