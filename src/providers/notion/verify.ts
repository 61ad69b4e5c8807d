import type { ProviderRuntime } from "../runtime.ts";
import { notionApi } from "./client.ts";
import { classifyNotionError } from "./errors.ts";

/** `GET /v1/users/me` with the connection's token, through the shared limiter: the bot and its workspace. */
export function notionVerify(rt: ProviderRuntime, apiBaseUrl: string) {
  return async (accessToken: string, who: { connectionId: string; externalId: string }): Promise<Record<string, unknown>> => {
    const client = notionApi(rt, apiBaseUrl, { token: accessToken, connectionId: who.connectionId, workspaceId: who.externalId });
    try {
      const me = await client.users.me({});
      const bot = me.type === "bot" ? me.bot : undefined;
      return { bot_id: me.id, workspace_name: bot && "workspace_name" in bot ? bot.workspace_name : null };
    } catch (err) {
      throw classifyNotionError(err);
    }
  };
}
