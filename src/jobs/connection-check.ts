import { z } from "zod";
import type { TokenDeps } from "../connections/refresh.ts";
import { connectionRow } from "../connections/store.ts";
import { isEntitled } from "../connections/users.ts";
import { withAccessToken } from "../connections/with-token.ts";
import { NonRetryableError } from "../errors.ts";
import type { Provider } from "../providers/types.ts";
import type { JobDefinition, JobHandler } from "../queue/types.ts";

const payload = z.object({ connection_id: z.string().uuid(), user_id: z.string().min(1).max(200) }).strict();
type Payload = z.infer<typeof payload>;

/**
 * The first job of a new connection (`notion.sync`, `calendar.sync`). Today it is the first
 * step every sync shares: the user must still be entitled, and one authenticated call proves the
 * token works (refreshing once on a 401). The sync features extend these handlers.
 */
export function connectionCheckJob(
  provider: Provider,
  deps: TokenDeps,
): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: provider.firstSyncJob,
    description: `First sync of a ${provider.id} connection: entitlement and token check.`,
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const row = await connectionRow(deps.db, p.connection_id);
    if (!row) throw new NonRetryableError("connection_gone", `connection ${p.connection_id} no longer exists`);
    if (!(await isEntitled(deps.db, row.user_id, provider.entitlement)))
      throw new NonRetryableError("not_entitled", `user ${row.user_id} no longer has ${provider.entitlement}`);
    const who = { connectionId: row.id, externalId: row.external_id };
    const seen = await withAccessToken(deps, row.id, (token) => provider.verify(token, who));
    await deps.db.query(`UPDATE connections SET metadata = metadata || $2::jsonb, updated_at = $3 WHERE id = $1`, [
      row.id,
      JSON.stringify({ verified: seen, verified_at: deps.clock.now().toISOString() }),
      deps.clock.now(),
    ]);
    ctx.logger.info({ connectionId: row.id, provider: provider.id }, "connection verified");
  };
  return { definition, handler };
}
