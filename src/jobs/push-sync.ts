import { z } from "zod";
import type { TokenDeps } from "../connections/refresh.ts";
import { connectionRow } from "../connections/store.ts";
import { isEntitled } from "../connections/users.ts";
import { withAccessToken } from "../connections/with-token.ts";
import { NonRetryableError } from "../errors.ts";
import { notionApi } from "../providers/notion/client.ts";
import type { ProviderRuntime } from "../providers/runtime.ts";
import type { JobDefinition, JobHandler } from "../queue/types.ts";
import { type PushOptions, runPushSync } from "../sync/push/engine.ts";

const payload = z.object({ connection_id: z.string().uuid(), user_id: z.string().min(1).max(200) }).strict();
type Payload = z.infer<typeof payload>;

export interface PushJobDeps {
  tokens: TokenDeps;
  runtime: ProviderRuntime;
  /** Notion's API origin (or the sandbox's). */
  apiBaseUrl: string;
  options: Omit<PushOptions, "logger">;
}

/**
 * `notion.sync`: pushes the user's changed nodes into their Notion (see src/sync/push/). The
 * first run of a connection also proves the token works (one call), so a grant revoked before
 * anything changed is still noticed; later runs of an unchanged tree make no call at all.
 */
export function pushSyncJob(deps: PushJobDeps): { definition: JobDefinition<Payload>; handler: JobHandler<Payload> } {
  const definition: JobDefinition<Payload> = {
    type: "notion.sync",
    description: "Push sync: the user's changed workspaces, folders and notes into their Notion.",
    payload,
  };
  const handler: JobHandler<Payload> = async (p, ctx) => {
    const { db, clock } = deps.tokens;
    const row = await connectionRow(db, p.connection_id);
    if (row?.provider !== "notion") throw new NonRetryableError("connection_gone", `connection ${p.connection_id} no longer exists`);
    if (!(await isEntitled(db, row.user_id, "notion_sync")))
      throw new NonRetryableError("not_entitled", `user ${row.user_id} no longer has notion_sync`);
    const botId = String((row.metadata as { bot_id?: unknown }).bot_id ?? "");
    const result = await withAccessToken(deps.tokens, row.id, async (token) => {
      const client = notionApi(deps.runtime, deps.apiBaseUrl, { token, connectionId: row.id, workspaceId: row.external_id });
      if (!(row.metadata as { verified_at?: unknown }).verified_at) {
        const provider = deps.tokens.providers.get("notion");
        const seen = await provider?.verify(token, { connectionId: row.id, externalId: row.external_id });
        await db.query("UPDATE connections SET metadata = metadata || $2::jsonb WHERE id = $1", [
          row.id,
          JSON.stringify({ verified: seen, verified_at: clock.now().toISOString() }),
        ]);
      }
      return runPushSync(
        { db, client, userId: row.user_id, connectionId: row.id, botId, now: () => clock.now() },
        { ...deps.options, logger: ctx.logger },
      );
    });
    ctx.logger.info({ userId: row.user_id, connectionId: row.id, ...result.counts, root: result.rootStatus }, "push sync finished");
  };
  return { definition, handler };
}
