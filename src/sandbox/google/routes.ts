import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { SandboxEnv } from "../app.ts";
import { faultInjection } from "../faults.ts";
import type { SandboxState } from "../state.ts";
import { googleAuth } from "./auth.ts";
import { calendarsRoutes } from "./calendars.ts";
import { googleControlRoutes } from "./control.ts";
import type { GoogleEnv } from "./env.ts";
import { gerr, googleError } from "./errors.ts";
import { eventsRoutes } from "./events.ts";
import { googleFaultShape } from "./faults.ts";
import { listRoute } from "./list.ts";
import { googleAuthorizeRoutes } from "./oauth.ts";
import { googleQuota } from "./quota.ts";
import { googleRevokeRoutes } from "./revoke.ts";
import { googleTokenRoute } from "./token.ts";

/** Largest request body the Calendar API takes here. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Paths where fault rules apply, answered in Google's shapes. */
const FAULTY = ["/calendar/v3/*", "/token", "/revoke", "/tokeninfo"];

/**
 * The Google side: its control routes, OAuth at /o/oauth2/v2/auth, /token, /revoke, /tokeninfo, and
 * Calendar v3 under /calendar/v3 (origin root, since the Google client drops rootUrl's path).
 */
export function googleRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  googleControlRoutes(app, state);
  for (const path of FAULTY) app.use(path, faultInjection(state.faults, googleFaultShape));
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
  app.route("/", g);
}
