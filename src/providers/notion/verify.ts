import { APIResponseError, Client } from "@notionhq/client";
import { ProviderUnauthorizedError } from "../errors.ts";

/** `GET /v1/users/me` with the connection's token: the bot and its workspace. */
export function notionVerify(apiBaseUrl: string, timeoutMs: number) {
  return async (accessToken: string): Promise<Record<string, unknown>> => {
    const client = new Client({ auth: accessToken, baseUrl: apiBaseUrl, timeoutMs, retry: false });
    try {
      const me = await client.users.me({});
      const bot = me.type === "bot" ? me.bot : undefined;
      return { bot_id: me.id, workspace_name: bot && "workspace_name" in bot ? bot.workspace_name : null };
    } catch (err) {
      if (err instanceof APIResponseError && err.status === 401) throw new ProviderUnauthorizedError("notion", { cause: err });
      throw err;
    }
  };
}
