import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { googleAuth } from "./auth.ts";
import { calendarsRoutes } from "./calendars.ts";
import type { GoogleEnv } from "./env.ts";
import { gerr, googleError } from "./errors.ts";
import { eventsRoutes } from "./events.ts";
import { listRoute } from "./list.ts";
import { googleAuthorizeRoutes } from "./oauth.ts";
import { googleQuota } from "./quota.ts";
import { googleRevokeRoutes } from "./revoke.ts";
import type { GoogleState } from "./state.ts";
import { googleTokenRoute } from "./token.ts";

/** Largest request body the Calendar API takes here. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Google's servers as a sub-app: OAuth at /o/oauth2/v2/auth, /token, /revoke, /tokeninfo, and
 * Calendar v3 under /calendar/v3 (origin root, since the Google client drops rootUrl's path).
 */
export function googleApi(state: GoogleState): Hono<GoogleEnv> {
  const g = new Hono<GoogleEnv>();
  googleAuthorizeRoutes(g, state);
  googleTokenRoute(g, state);
  googleRevokeRoutes(g, state);
  g.use(
    "/calendar/v3/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => googleError(c, 413, { reason: "uploadTooLarge", message: "Request Entity Too Large" }),
    }),
  );
  g.use("/calendar/v3/*", googleAuth(state), googleQuota(state));
  calendarsRoutes(g, state);
  listRoute(g, state);
  eventsRoutes(g, state);
  g.all("/calendar/v3/*", (c) => gerr.notFound(c));
  g.onError((_err, c) =>
    c.req.path.startsWith("/calendar/")
      ? googleError(c, 500, { reason: "backendError", message: "Backend Error" })
      : c.json({ error: "internal_failure", error_description: "Backend Error" }, 500),
  );
  return g;
}
