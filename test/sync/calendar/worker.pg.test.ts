import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalendarSyncWorker } from "../../../src/lib/calendar-sync-worker.ts";
import { silentLogger } from "../../../src/logger.ts";
import { KeyRing } from "../../../src/vault/keyring.ts";
import { type GoogleUser, sandboxGoogleUser } from "../../helpers/calendar.ts";
import { pgUrl, type TestDb, testDb } from "../../helpers/db.ts";
import { calendarFor } from "../../helpers/google.ts";
import { sandboxProviders, testRuntime } from "../../helpers/providers.ts";
import { useSandbox } from "../../helpers/sandbox.ts";

const sb = useSandbox();

/** Seed 002's usage as a library: createCalendarSyncWorker({...}).start() / .stop(), with seed 002's options. */
describe.skipIf(!pgUrl)("createCalendarSyncWorker", () => {
  let t: TestDb;
  let user: GoogleUser;
  const key = randomBytes(32);
  let clientId = "";

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    clientId = (await sandboxProviders(sb.url, testRuntime(t.db))).get("google")?.sandboxClient?.clientId ?? "";
    user = await sandboxGoogleUser(t.db, sb.url, { ring: new KeyRing(key), clientId });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  const options = () => ({
    supabaseUrl: pgUrl as string,
    supabaseServiceRoleKey: "service-role-key-not-needed",
    googleClientId: clientId,
    googleClientSecret: "test-sandbox-secret",
    batchSize: 5,
    pollIntervalMs: 200,
    maxRetries: 3,
    logger: silentLogger(),
    env: {
      FERRY_DB_SCHEMA: t.schema,
      TOKEN_ENCRYPTION_KEY: key.toString("hex"),
      GOOGLE_OAUTH_BASE_URL: sb.url,
      GOOGLE_API_ROOT_URL: `${sb.url}/`,
    },
  });

  it("starts, drains rows written in SQL into Google Calendar, and stops", async () => {
    const worker = createCalendarSyncWorker(options());
    await worker.start();
    try {
      const { rows } = await t.db.query<{ id: string }>("SELECT calendar_enqueue($1::jsonb) AS id", [
        JSON.stringify({
          operation: "UPSERT_EVENT",
          workspaceId: user.userId,
          calendarId: user.calendarId,
          sourceType: "gate_run",
          sourceId: "g-1",
          eventType: "GATE_REVIEW",
          event: { title: "Gate review", start: "2026-07-01", end: "2026-07-02", isAllDay: true },
        }),
      ]);
      let status = "PENDING";
      for (let i = 0; i < 100 && status !== "COMPLETED"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status =
          (await t.db.query<{ status: string }>("SELECT status FROM calendar_outbox WHERE id = $1", [rows[0]?.id])).rows[0]?.status ?? "";
      }
      expect(status).toBe("COMPLETED");
      const { cal } = calendarFor(sb.url, { access_token: user.accessToken });
      const events = await cal.events.list({ calendarId: user.calendarId, privateExtendedProperty: ["ferry=1"] });
      expect(events.data.items?.map((e) => [e.summary, e.start?.date])).toEqual([["Gate review", "2026-07-01"]]);
    } finally {
      await worker.stop();
    }
  });

  it("names a REST URL given where the database's connection string belongs", () => {
    expect(() => createCalendarSyncWorker({ ...options(), supabaseUrl: "https://abc.supabase.co" })).toThrow(
      expect.objectContaining({ code: "invalid_config", issues: [expect.objectContaining({ field: "supabaseUrl" })] }),
    );
  });
});
