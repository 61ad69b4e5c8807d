import type { Hono } from "hono";
import type { NotionEnv } from "./env.ts";
import { NOT_FOUND_HINT, notionError, notionRequestId } from "./errors.ts";
import { normalizeId } from "./ids.ts";
import { listBody, paginate } from "./pagination.ts";
import type { NotionState, SandboxUser } from "./state.ts";

/** A user object as Notion returns it. Bots carry their owner and workspace name. */
export function userObject(state: NotionState, u: SandboxUser) {
  const base = { object: "user", id: u.id, name: u.name, avatar_url: null, type: u.type };
  if (u.type === "person") return { ...base, person: { email: u.email ?? null } };
  const ws = state.workspaces.get(u.workspaceId);
  return { ...base, bot: { owner: { type: "workspace", workspace: true }, workspace_name: ws?.name ?? null } };
}

/** GET /v1/users/me, GET /v1/users, GET /v1/users/:id — scoped to the token's workspace. */
export function usersRoutes(app: Hono<NotionEnv>, state: NotionState): void {
  app.get("/v1/users/me", (c) => {
    const token = c.get("notionToken");
    const bot = state.users.get(token.botId);
    if (!bot) return notionError(c, "object_not_found", `Could not find user with ID: ${token.botId}. ${NOT_FOUND_HINT}`);
    return c.json({ ...userObject(state, bot), request_id: notionRequestId(c) });
  });

  app.get("/v1/users", (c) => {
    const token = c.get("notionToken");
    const all = [...state.users.values()].filter((u) => u.workspaceId === token.workspaceId);
    const page = paginate(c, all, "query", c.req.query("start_cursor"), c.req.query("page_size"));
    if (page instanceof Response) return page;
    return c.json(listBody({ ...page, results: page.results.map((u) => userObject(state, u)) }, "user", notionRequestId(c)));
  });

  app.get("/v1/users/:id", (c) => {
    const token = c.get("notionToken");
    const id = c.req.param("id");
    const normalized = normalizeId(id);
    const user = normalized ? state.users.get(normalized) : undefined;
    if (user?.workspaceId !== token.workspaceId)
      return notionError(c, "object_not_found", `Could not find user with ID: ${id}. ${NOT_FOUND_HINT}`);
    return c.json({ ...userObject(state, user), request_id: notionRequestId(c) });
  });
}
