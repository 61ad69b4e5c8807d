import type { NotionApi } from "./client.ts";

/** `GET /v1/users/me`: the bot and its workspace. */
export async function notionVerify(api: NotionApi): Promise<Record<string, unknown>> {
  const me = await api.users.me({});
  const bot = me.type === "bot" ? me.bot : undefined;
  return { bot_id: me.id, workspace_name: bot && "workspace_name" in bot ? bot.workspace_name : null };
}
