import { z } from "zod";
import type { Provider } from "../providers/types.ts";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import { openSession, type SyncDeps, verifySession } from "../sync/session.ts";

const payload = z.object({ connection_id: z.string().uuid(), user_id: z.string().min(1).max(200) }).strict();
type Payload = z.infer<typeof payload>;

/**
 * A provider's first job when no sync engine runs it (`calendar.sync`, or `notion.sync` without
 * push wired): the step every sync shares (connection active, user entitled, client on the
 * connection's tokens), and one authenticated call that proves the token works.
 */
export function connectionCheckJob(
  provider: Provider,
  deps: SyncDeps,
): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: provider.firstJob,
    description: `First job of a ${provider.name} connection: entitlement and token check.`,
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const session = await openSession(deps, provider, { connectionId: p.connection_id });
    await verifySession(deps, session);
    ctx.logger.info({ connectionId: p.connection_id, provider: provider.id }, "connection verified");
  };
  return { definition, handler };
}
