import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { limitedFetch } from "../../http-client/limited-fetch.ts";
import type { Rate } from "../../settings/spec.ts";
import type { ProviderRuntime } from "../runtime.ts";
import { type TokenSource, withToken } from "../tokens.ts";
import type { ApiSession } from "../types.ts";
import { classifyGoogleError } from "./errors.ts";
import { googleBuckets, googleHooks } from "./http.ts";

type RequestOptions = Parameters<OAuth2Client["request"]>[0];

/**
 * The auth client the Calendar client sends every request through (googleapis-common calls its
 * `request()`), and so Ferry's error seam for Google: it sets the session's access token, turns
 * every failure into Ferry's error (see errors.ts), and on a 401 renews the token once through
 * the TokenSource and sends the request again. It never refreshes by itself: it holds no refresh
 * token; the connection layer refreshes under the connection's lock.
 */
export class TokenAuth extends OAuth2Client {
  readonly #tokens: TokenSource;

  constructor(tokens: TokenSource) {
    super();
    this.#tokens = tokens;
  }

  // `true`: the library's own refresh-on-401 is off; withToken renews through the TokenSource instead.
  protected override requestAsync<T>(opts: RequestOptions) {
    return withToken(this.#tokens, async (token) => {
      this.setCredentials({ access_token: token });
      try {
        return await super.requestAsync<T>({ ...opts }, true);
      } catch (err) {
        throw classifyGoogleError(err);
      }
    });
  }
}

export interface GoogleLimits {
  user: Rate;
  project: Rate;
}

/**
 * The official Calendar v3 client for one Google account, gaxios retries off: every request goes
 * through the shared limiter (the user's and the project's buckets) and Ferry's call policy.
 */
export function googleCalendarApi(
  rt: ProviderRuntime,
  apiRootUrl: string,
  limits: GoogleLimits,
  session: ApiSession,
): calendar_v3.Calendar {
  const fetchImplementation = limitedFetch({
    limiter: rt.limiter,
    metrics: rt.metrics,
    policy: rt.policy,
    hooks: googleHooks,
    buckets: googleBuckets(limits, { accountId: session.externalId }),
    logger: rt.logger,
    fetch: rt.fetch,
    ...(session.meter ? { meter: session.meter } : {}),
    ...(session.priority ? { priority: session.priority } : {}),
  });
  // googleapis-common pins its own google-auth-library; the client is the same at runtime.
  return calendar({
    version: "v3",
    auth: new TokenAuth(session.tokens) as never,
    rootUrl: apiRootUrl,
    fetchImplementation,
    retry: false,
    retryConfig: { retry: 0 },
  } as never);
}
