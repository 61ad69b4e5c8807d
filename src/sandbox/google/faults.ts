import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FaultShape } from "../core/faults.ts";
import { googleErrorBody } from "./errors.ts";

/** The reason Google gives most often for a status, when a rule names none. */
function defaultReason(status: number): string {
  if (status === 429) return "rateLimitExceeded";
  if (status >= 500) return "backendError";
  return (
    { 400: "badRequest", 401: "authError", 403: "forbidden", 404: "notFound", 409: "conflict", 410: "deleted", 412: "conditionNotMet" }[
      status
    ] ?? "badRequest"
  );
}

const DEFAULT_MESSAGE: Record<string, string> = {
  backendError: "Backend Error",
  rateLimitExceeded: "Rate Limit Exceeded",
  userRateLimitExceeded: "User Rate Limit Exceeded",
  authError: "Invalid Credentials",
};

/** The OAuth endpoints answer OAuth's `{ error, error_description }`; the Calendar API its error object. */
const isOAuth = (path: string) => !path.startsWith("/calendar/");

/** Injected failures worded as Google words them; a rule's `code` is the error reason. */
export const googleFaultShape: FaultShape = {
  timeout: (c) =>
    isOAuth(c.req.path)
      ? c.json({ error: "deadline_exceeded", error_description: "Deadline exceeded." }, 504)
      : c.json(googleErrorBody(504, { reason: "backendError", message: "Deadline expired before operation could complete." }), 504),
  error: (c, rule) => {
    const status = rule.status as ContentfulStatusCode;
    if (isOAuth(c.req.path))
      return c.json({ error: rule.code ?? "internal_failure", error_description: rule.message ?? "Injected fault." }, status);
    const reason = rule.code ?? defaultReason(rule.status);
    return c.json(
      googleErrorBody(rule.status, { reason, message: rule.message ?? DEFAULT_MESSAGE[reason] ?? `Injected fault (${reason}).` }),
      status,
    );
  },
};
