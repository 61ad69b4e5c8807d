import type { ProviderHooks, Verdict } from "../../http-client/limited-fetch.ts";
import { IDEMPOTENT_METHODS, retryAfterMs } from "../../http-client/policy.ts";
import type { Rate } from "../../settings/spec.ts";
import { bucket } from "../runtime.ts";

/** 403 reasons that mean "slow down", not "forbidden". */
export const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

/** The first `errors[].reason` of a Google error body. */
export function googleReason(body: unknown): string | null {
  const errors = (body as { error?: { errors?: Array<{ reason?: unknown }> } } | null)?.error?.errors;
  const reason = errors?.[0]?.reason;
  return typeof reason === "string" ? reason : null;
}

/** Google Calendar's answers, for Ferry's retry policy. */
export const googleHooks: ProviderHooks = {
  provider: "google",
  endpoint: (method, url) =>
    `${method} ${url.pathname.replace(/\/calendars\/[^/]+/, "/calendars/:calendarId").replace(/\/events\/[^/]+/, "/events/:eventId")}`,
  idempotent: (method) => IDEMPOTENT_METHODS.has(method),
  async classify(res): Promise<Verdict> {
    const wait = retryAfterMs(res.headers.get("retry-after"));
    if (res.status === 429) return { kind: "rate_limited", retryAfterMs: wait };
    if (res.status === 403) {
      const body = await res
        .clone()
        .json()
        .catch(() => null);
      const reason = googleReason(body) ?? "";
      if (RATE_LIMIT_REASONS.has(reason)) return { kind: "rate_limited", retryAfterMs: wait, ownOnly: reason === "userRateLimitExceeded" };
    }
    if (res.status >= 500) return { kind: "unavailable" };
    return { kind: "done" };
  },
};

/** A Google account's buckets: the per-user quota and the project's, shared by every user. */
export function googleBuckets(limits: { user: Rate; project: Rate }, who: { accountId: string }) {
  return [bucket(`google:user:${who.accountId}`, limits.user), bucket("google:project", limits.project)];
}
