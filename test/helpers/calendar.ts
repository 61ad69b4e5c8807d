/**
 * A Ferry user with a Google connection to a fresh sandbox account, and the calendar drain's
 * dependencies for it: the official Calendar client over Ferry's provider layer, a real vault, a
 * clock tests can move forward. No vitest imports: the multi-process test's workers and
 * `npm run bench:calendar` start from the same pieces.
 */
import { randomBytes } from "node:crypto";
import type { calendar_v3 } from "@googleapis/calendar";
import type { Clock } from "../../src/clock.ts";
import { saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { googleProvider } from "../../src/providers/google/index.ts";
import type { ProviderRuntime } from "../../src/providers/runtime.ts";
import { type CalendarOptions, type DrainCounts, drainUser } from "../../src/sync/calendar/drain.ts";
import { enqueueOperations } from "../../src/sync/calendar/outbox.ts";
import type { SyncDeps } from "../../src/sync/session.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { calendarFor } from "./google.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "./providers.ts";

/** The system clock, moved forward by `advance` (retries come due without waiting). */
export class ShiftedClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface GoogleUser {
  userId: string;
  connectionId: string;
  accessToken: string;
  refreshToken: string;
  calendarId: string;
}

/** Mints a sandbox Google account for Ferry's OAuth client and stores it as the Google connection of a new user. */
export async function sandboxGoogleUser(
  db: Db,
  sandboxUrl: string,
  opts: { ring: KeyRing; clientId: string; userId?: string; entitlements?: string[] },
): Promise<GoogleUser> {
  const res = await fetch(`${sandboxUrl}/__sandbox/google/tokens`, { method: "POST", body: JSON.stringify({ client_id: opts.clientId }) });
  if (res.status !== 201) throw new Error(`minting a Google token failed: ${res.status} ${await res.text()}`);
  const minted = (await res.json()) as {
    access_token: string;
    refresh_token: string;
    calendar_id: string;
    account_id: string;
    expires_in: number;
  };
  const userId = opts.userId ?? `cal_${randomBytes(4).toString("hex")}`;
  await upsertUser(db, { id: userId, entitlements: opts.entitlements ?? ["calendar_sync"], tier: "free", metadata: {} });
  const { connection } = await db.transaction((tx) =>
    saveConnection(tx, opts.ring, {
      userId,
      provider: googleProvider.id,
      account: {
        externalId: minted.account_id,
        metadata: {},
        tokens: {
          accessToken: minted.access_token,
          refreshToken: minted.refresh_token,
          expiresAt: new Date(Date.now() + minted.expires_in * 1000),
          scopes: [],
        },
      },
      now: new Date(),
    }),
  );
  return {
    userId,
    connectionId: connection.id,
    accessToken: minted.access_token,
    refreshToken: minted.refresh_token,
    calendarId: minted.calendar_id,
  };
}

export interface CalendarFixture {
  deps: SyncDeps;
  options: CalendarOptions;
  clock: ShiftedClock;
  user: GoogleUser;
  /** The official client on the user's token, straight to the sandbox (to look at what Ferry did). */
  cal: calendar_v3.Calendar;
  /** Adds operations to the outbox through `calendar_enqueue()`; returns their ids. */
  enqueue(...payloads: object[]): Promise<string[]>;
  /** One drain of the user's outbox, as a drain job would run it. */
  drain(): Promise<DrainCounts>;
  /** The user's Ferry-made events (not cancelled) on the calendar. */
  events(opts?: { showDeleted?: boolean }): Promise<calendar_v3.Schema$Event[]>;
  rows(): Promise<Array<{ id: string; status: string; attempts: number; dead_letter_reason: string | null; result: unknown }>>;
}

export async function calendarFixture(
  db: Db,
  sandboxUrl: string,
  opts: { runtime?: ProviderRuntime; batchSize?: number; maxRetries?: number; env?: Record<string, string> } = {},
): Promise<CalendarFixture> {
  const clock = new ShiftedClock();
  const ring = new KeyRing(randomBytes(32));
  const runtime = opts.runtime ?? testRuntime(db);
  const providers = await sandboxProviders(sandboxUrl, runtime, opts.env);
  const deps = testSyncDeps(db, providers, { ring, clock });
  const options: CalendarOptions = { batchSize: opts.batchSize ?? 10, maxRetries: opts.maxRetries ?? 5, random: () => 0.5 };
  const clientId = providers.get(googleProvider.id)?.sandboxClient?.clientId ?? "";
  const user = await sandboxGoogleUser(db, sandboxUrl, { ring, clientId });
  const { cal } = calendarFor(sandboxUrl, { access_token: user.accessToken });
  let drains = 0;
  return {
    deps,
    options,
    clock,
    user,
    cal,
    enqueue: (...payloads) =>
      db.transaction((tx) =>
        enqueueOperations(
          tx,
          payloads.map((p) => ({ payload: p, userId: user.userId })),
        ),
      ),
    drain: () => drainUser(deps, options, user.userId, { owner: `test:${++drains}`, logger: silentLogger() }),
    async events(o = {}) {
      const res = await cal.events.list({
        calendarId: user.calendarId,
        privateExtendedProperty: ["ferry=1"],
        showDeleted: o.showDeleted ?? false,
      });
      return res.data.items ?? [];
    },
    async rows() {
      const { rows } = await db.query<{ id: string; status: string; attempts: number; dead_letter_reason: string | null; result: unknown }>(
        "SELECT id, status, attempts, dead_letter_reason, result FROM calendar_outbox WHERE user_id = $1 ORDER BY id",
        [user.userId],
      );
      return rows.map((r) => ({ ...r, id: String(r.id) }));
    },
  };
}
