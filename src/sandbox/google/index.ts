import type { SandboxInstance, SandboxModule } from "../core/module.ts";
import { googleControlRoutes } from "./control.ts";
import { googleFaultShape } from "./faults.ts";
import { googleRateLimits } from "./quota.ts";
import { googleApi } from "./routes.ts";
import { GoogleState } from "./state.ts";
import { googleView, googleViewRoutes } from "./view.ts";

/** The Google module's instance in one sandbox; `state` holds its accounts, calendars and grants. */
export interface GoogleSandbox extends SandboxInstance {
  readonly state: GoogleState;
}

/**
 * Google in the sandbox: Calendar v3 and Google's OAuth server (faults in Google's shapes on the
 * Calendar API, /token, /revoke and /tokeninfo), its control routes under /__sandbox/google/, its
 * per-user quota, and the view's /calendars.
 */
export const googleSandbox: SandboxModule<GoogleSandbox> = {
  id: "google",
  create(core) {
    const state = new GoogleState(core.clock);
    return {
      state,
      paths: [{ paths: ["/calendar/v3/", "/token", "/revoke", "/tokeninfo"], faults: googleFaultShape }],
      rateLimits: googleRateLimits(state),
      view: googleView(state),
      reset: () => state.reset(),
      mount(app) {
        googleControlRoutes(app, state);
        googleViewRoutes(app, state, core.view);
        app.route("/", googleApi(state));
      },
    };
  },
};
