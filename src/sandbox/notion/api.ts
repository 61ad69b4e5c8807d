import { Hono } from "hono";
import { notionAuth } from "./auth.ts";
import { blocksRoutes } from "./blocks.ts";
import { commentsRoutes } from "./comments.ts";
import { dataSourcesRoutes } from "./data-sources.ts";
import { databasesRoutes } from "./databases.ts";
import type { NotionEnv } from "./env.ts";
import { notionRateLimit } from "./limits.ts";
import { moveRoute } from "./move.ts";
import { oauthRoutes } from "./oauth.ts";
import { pagesRoutes } from "./pages.ts";
import { propertyItemRoute } from "./property-items.ts";
import { searchRoute } from "./search.ts";
import type { NotionState } from "./state.ts";
import { usersRoutes } from "./users.ts";

/** The Notion API under /v1 as a sub-app: OAuth first (it authenticates clients), then the bearer check, rate limits and the resources. */
export function notionApi(state: NotionState): Hono<NotionEnv> {
  const app = new Hono<NotionEnv>();
  oauthRoutes(app, state);
  app.use("/v1/*", notionAuth(state));
  app.use("/v1/*", notionRateLimit(state));
  usersRoutes(app, state);
  pagesRoutes(app, state);
  propertyItemRoute(app, state);
  blocksRoutes(app, state);
  moveRoute(app, state);
  databasesRoutes(app, state);
  dataSourcesRoutes(app, state);
  searchRoute(app, state);
  commentsRoutes(app, state);
  return app;
}
