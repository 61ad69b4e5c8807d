import { Hono } from "hono";
import { type Clock, systemClock } from "../clock.ts";
import { controlRoutes } from "./control/routes.ts";
import { faultInjection } from "./faults.ts";
import { googleRoutes } from "./google/routes.ts";
import { type NotionVersion, notionAuth } from "./notion/auth.ts";
import { blocksRoutes } from "./notion/blocks.ts";
import { commentsRoutes } from "./notion/comments.ts";
import { dataSourcesRoutes } from "./notion/data-sources.ts";
import { databasesRoutes } from "./notion/databases.ts";
import { notionError } from "./notion/errors.ts";
import { moveRoute } from "./notion/move.ts";
import { oauthRoutes } from "./notion/oauth.ts";
import { pagesRoutes } from "./notion/pages.ts";
import { propertyItemRoute } from "./notion/property-items.ts";
import { notionRateLimit } from "./notion/rate-limit.ts";
import { searchRoute } from "./notion/search.ts";
import { usersRoutes } from "./notion/users.ts";
import { requestLog } from "./request-log.ts";
import { SandboxState, type SandboxToken } from "./state.ts";
import { viewRoutes } from "./view/routes.ts";

/**
 * `internal` is set only on requests the sandbox makes to itself (seeding through the control
 * API): they skip the request log, fault injection and rate limits. Sockets cannot set it.
 */
export type SandboxEnv = {
  Bindings: { internal?: boolean };
  Variables: { notionToken: SandboxToken; notionVersion: NotionVersion };
};

export interface Sandbox {
  app: Hono<SandboxEnv>;
  state: SandboxState;
}

/**
 * The provider sandbox as a Hono app (no socket): the Notion API under /v1, Google's under
 * /calendar/v3 (with its OAuth server), the control API under /__sandbox. Each provider adds its routes here; see docs/sandbox.md for what exists.
 */
export function buildSandbox(opts: { clock?: Clock } = {}): Sandbox {
  const state = new SandboxState(opts.clock ?? systemClock);
  const app = new Hono<SandboxEnv>();
  app.use(requestLog(state));
  controlRoutes(app, state);
  viewRoutes(app, state);
  app.use("/v1/*", faultInjection(state.faults));
  // OAuth comes before the bearer-token check: its endpoints authenticate clients instead.
  oauthRoutes(app, state);
  app.use("/v1/*", notionAuth(state));
  app.use("/v1/*", notionRateLimit(state.notionLimits));
  usersRoutes(app, state);
  pagesRoutes(app, state);
  propertyItemRoute(app, state);
  blocksRoutes(app, state);
  moveRoute(app, state);
  databasesRoutes(app, state);
  dataSourcesRoutes(app, state);
  searchRoute(app, state);
  commentsRoutes(app, state);
  googleRoutes(app, state);
  app.notFound((c) =>
    c.req.path.startsWith("/v1/")
      ? notionError(c, "invalid_request_url", "Invalid request URL.")
      : c.json({ error: { code: "not_found", message: `no sandbox route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((err, c) =>
    c.req.path.startsWith("/v1/")
      ? notionError(c, "internal_server_error", "Unexpected error occurred.")
      : c.json({ error: { code: "internal", message: err.message } }, 500),
  );
  return { app, state };
}
