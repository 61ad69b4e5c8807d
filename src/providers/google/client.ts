import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { limitedFetch } from "../../http-client/limited-fetch.ts";
import type { ProviderRuntime } from "../runtime.ts";
import { googleBuckets, googleHooks } from "./http.ts";

/**
 * The official Calendar v3 client for one Google account, gaxios retries off: every request goes
 * through the shared limiter (the user's and the project's buckets) and Ferry's policy.
 */
export function googleCalendarApi(
  rt: ProviderRuntime,
  apiRootUrl: string,
  who: { token: string; accountId: string },
): calendar_v3.Calendar {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: who.token });
  const fetchImplementation = limitedFetch({
    limiter: rt.limiter,
    metrics: rt.metrics,
    policy: rt.policy,
    hooks: googleHooks,
    buckets: googleBuckets(rt.limits.google, who),
    logger: rt.logger,
    fetch: rt.fetch,
  });
  // googleapis-common pins its own google-auth-library; the client is the same at runtime.
  return calendar({
    version: "v3",
    auth: auth as never,
    rootUrl: apiRootUrl,
    fetchImplementation,
    retry: false,
    retryConfig: { retry: 0 },
  } as never);
}
