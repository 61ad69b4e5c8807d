import type { TokenDeps } from "../connections/refresh.ts";
import { type ConnectionRow, connectionRow, latestConnection, recordVerification } from "../connections/store.ts";
import { connectionTokens } from "../connections/token-source.ts";
import { isEntitled } from "../connections/users.ts";
import { NonRetryableError } from "../errors.ts";
import type { CallMeter } from "../http-client/limited-fetch.ts";
import type { CallPriority } from "../http-client/limiter.ts";
import { type ProviderRef, providerOf } from "../providers/registry.ts";
import type { Provider } from "../providers/types.ts";

/**
 * What every sync engine (push, pull, calendar) runs on: the database, the clock and the logger,
 * and the connection layer (the vault's cipher and this process's providers). Each engine adds its
 * own options from the config (`PushOptions`, `PullOptions`, `CalendarOptions`).
 */
export type SyncDeps = TokenDeps;

/** A connection ready to sync: its row, its provider, and the provider's client acting for it. */
export interface SyncSession<Api> {
  connection: ConnectionRow;
  provider: Provider<Api>;
  api: Api;
  /** The requests `api` has sent so far: what the run cost. */
  meter: CallMeter;
}

/** Whose connection: the user's newest active one to the provider, or one named by a job's payload. */
export type SessionTarget = { userId: string } | { connectionId: string };

/**
 * The first step of every sync: finds the connection (the user's newest active one to the
 * provider, or the one given), checks that it is active and that its user holds the provider's
 * entitlement, and builds the provider's client on the connection's tokens (refreshed once on a
 * 401, see connections/token-source.ts), counting its calls (at most `maxCalls`, for a bounded
 * run: past it the client throws CallBudgetSpentError) and, for a background run, giving way to
 * a Sync now's calls in the limiter (`priority`). Throws NonRetryableError with `no_connection` (the user
 * has none), `connection_gone` (the given one was removed or is another provider's),
 * `auth_revoked` (it is invalid) or `not_entitled`.
 */
export async function openSession<Api>(
  deps: SyncDeps,
  descriptor: ProviderRef<Api>,
  target: SessionTarget,
  opts: { maxCalls?: number; priority?: CallPriority } = {},
): Promise<SyncSession<Api>> {
  const connection = await findConnection(deps, descriptor.id, target);
  if (connection.status !== "active")
    throw new NonRetryableError(
      "auth_revoked",
      `the ${descriptor.name} connection ${connection.id} is ${connection.status}${connection.last_error ? ` (${connection.last_error})` : ""}: the user must connect again`,
    );
  const provider = providerOf(deps.providers, descriptor);
  if (!(await isEntitled(deps.db, connection.user_id, provider.entitlement)))
    throw new NonRetryableError("not_entitled", `user ${connection.user_id} does not have ${provider.entitlement}`);
  const meter: CallMeter = { calls: 0, ...(opts.maxCalls !== undefined ? { limit: opts.maxCalls } : {}) };
  const api = provider.api({
    connectionId: connection.id,
    externalId: connection.external_id,
    tokens: connectionTokens(deps, connection.id),
    meter,
    ...(opts.priority ? { priority: opts.priority } : {}),
  });
  return { connection, provider, api, meter };
}

async function findConnection(deps: SyncDeps, providerId: string, target: SessionTarget): Promise<ConnectionRow> {
  if ("connectionId" in target) {
    const row = await connectionRow(deps.db, target.connectionId);
    if (row?.provider !== providerId) throw new NonRetryableError("connection_gone", `connection ${target.connectionId} no longer exists`);
    return row;
  }
  const latest = await latestConnection(deps.db, target.userId, providerId);
  const row = latest ? await connectionRow(deps.db, latest.id) : null;
  if (!row) throw new NonRetryableError("no_connection", `user ${target.userId} has no ${providerId} connection`);
  return row;
}

/**
 * Proves the session's token works with the provider's cheap `verify` call and records what it
 * said (`metadata.verified`, `verified_at`): a connection's first job does it, so a grant revoked
 * before anything changed is still noticed.
 */
export async function verifySession<Api>(deps: SyncDeps, session: SyncSession<Api>): Promise<void> {
  const seen = await session.provider.verify(session.api);
  await recordVerification(deps.db, session.connection.id, seen, deps.clock.now());
}

/** Whether the connection's first job has verified it yet. */
export const isVerified = (row: ConnectionRow) => Boolean((row.metadata as { verified_at?: unknown }).verified_at);
