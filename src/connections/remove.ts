import { cancelQueuedJobs } from "../queue/sql/admin.ts";
import type { TokenDeps } from "./refresh.ts";
import { connectionRow, tokenAad } from "./store.ts";

/**
 * DELETE a user's connection: revoke the grant at the provider (best effort — a provider that is
 * down must not keep the tokens in Ferry), then delete the row with its tokens and dead-letter
 * its queued jobs (`connection_deleted`) in one transaction. Null when the user has no such connection.
 */
export async function removeConnection(
  deps: TokenDeps,
  userId: string,
  connectionId: string,
): Promise<{ revokedAtProvider: boolean; cancelledJobs: number } | null> {
  const row = await connectionRow(deps.db, connectionId);
  if (!row || row.user_id !== userId) return null;
  let revokedAtProvider = false;
  const provider = deps.providers.get(row.provider);
  if (provider && row.status === "active") {
    try {
      const accessToken = deps.cipher.decrypt(row.access_token, tokenAad(row.id, "access_token"));
      const refreshToken = row.refresh_token ? deps.cipher.decrypt(row.refresh_token, tokenAad(row.id, "refresh_token")) : null;
      await provider.oauth.revoke({ accessToken, refreshToken });
      revokedAtProvider = true;
    } catch (err) {
      deps.logger.warn(
        { connectionId, provider: row.provider, err: (err as Error).message },
        "could not revoke the grant at the provider; deleting the tokens anyway",
      );
    }
  }
  const cancelled = await deps.db.transaction(async (tx) => {
    const jobs = await cancelQueuedJobs(tx, "connection_id", connectionId, "connection_deleted", deps.clock.now());
    await tx.query("DELETE FROM connections WHERE id = $1", [connectionId]);
    return jobs.length;
  });
  deps.logger.info({ connectionId, provider: row.provider, revokedAtProvider, cancelledJobs: cancelled }, "connection deleted");
  return { revokedAtProvider, cancelledJobs: cancelled };
}
