import { ProviderRetryableError } from "../../src/http-client/errors.ts";
import { silentLogger } from "../../src/logger.ts";
import { errorRecord } from "../../src/providers/errors.ts";
import { googleProvider } from "../../src/providers/google/index.ts";
import { drainUser } from "../../src/sync/calendar/drain.ts";
import { enqueueOperations } from "../../src/sync/calendar/outbox.ts";
import { type ContractCase, type EngineSubject, type Outcome, providerContract, type World } from "./contract.ts";

const upsert = {
  operation: "UPSERT_EVENT",
  workspaceId: "ws-contract",
  calendarId: "primary",
  sourceType: "task",
  eventType: "BLOCKER_DEADLINE",
  event: { title: "Contract", start: "2026-01-15T14:00:00Z", end: "2026-01-15T15:00:00Z", isAllDay: false },
};

/** Calendar: one upsert in the user's outbox, applied by a drain (`POST .../events`, the first call the fault hits). */
const calendar: EngineSubject = {
  name: "calendar",
  path: "^/calendar/v3/calendars/[^/]+/events",
  // An insert that meets a 409 (its event id taken: a retried insert that landed) updates instead.
  calls: 2,
  async prepare({ deps, user }: World) {
    // Rows of one source apply in order: a source of its own per case, so no earlier row holds it up.
    const payload = { ...upsert, sourceId: user.userId };
    const [id] = await deps.db.transaction((tx) => enqueueOperations(tx, [{ payload, userId: user.userId }]));
    let drains = 0;
    return async (): Promise<Outcome> => {
      try {
        await drainUser(deps, { batchSize: 10, maxRetries: 5, random: () => 0.5 }, user.userId, {
          owner: `contract:${++drains}`,
          logger: silentLogger(),
        });
      } catch (e) {
        return { record: errorRecord(e), retried: false };
      }
      const { rows } = await deps.db.query<{ status: string; last_error: Outcome["record"] }>(
        "SELECT status, last_error FROM calendar_outbox WHERE id = $1",
        [id],
      );
      const row = rows[0];
      if (row?.status === "COMPLETED") return { record: null, retried: false };
      return { record: row?.last_error ?? null, retried: row?.status === "PENDING" };
    };
  },
};

/** Google's rate-limit 403s are rate limits, recognised in the Google provider folder. */
const rateLimit403 = (reason: string): ContractCase => ({
  name: `403 ${reason} → retry later (rate_limited)`,
  fault: { status: 403, code: reason },
  is: ProviderRetryableError,
  record: { code: "provider_unavailable", kind: "rate_limited", status: 403 },
  retried: true,
});

providerContract({
  descriptor: googleProvider,
  // The sandbox words each status with the reason Google gives most often for it.
  code: (status) =>
    ({ 401: "authError", 403: "forbidden", 404: "notFound", 409: "conflict", 429: "rateLimitExceeded" })[status] ?? "backendError",
  tokenEndpoint: "POST /token",
  verifyPath: "^/calendar/v3/calendars/primary/events$",
  engines: [calendar],
  extraCases: [rateLimit403("rateLimitExceeded"), rateLimit403("userRateLimitExceeded")],
});
