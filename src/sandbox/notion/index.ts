import type { SandboxInstance, SandboxModule } from "../core/module.ts";
import { notionApi } from "./api.ts";
import { notionControlRoutes } from "./control.ts";
import { notionError } from "./errors.ts";
import { notionFaultShape } from "./faults.ts";
import { notionRateLimits } from "./limits.ts";
import { NotionState } from "./state.ts";
import { notionView, notionViewRoutes } from "./view/routes.ts";

/** The Notion module's instance in one sandbox; `state` is its whole fake Notion. */
export interface NotionSandbox extends SandboxInstance {
  readonly state: NotionState;
}

/**
 * Notion in the sandbox: the API and OAuth server under /v1 (errors, faults and unknown paths in
 * Notion's error shape), its control routes under /__sandbox/notion/, its rate limits, and the
 * view's pages and databases.
 */
export const notionSandbox: SandboxModule<NotionSandbox> = {
  id: "notion",
  create(core) {
    const state = new NotionState(core.clock);
    return {
      state,
      paths: [
        {
          paths: ["/v1/"],
          faults: notionFaultShape,
          notFound: (c) => notionError(c, "invalid_request_url", "Invalid request URL."),
          onError: (_err, c) => notionError(c, "internal_server_error", "Unexpected error occurred."),
        },
      ],
      rateLimits: notionRateLimits(state),
      view: notionView(state),
      reset: () => state.reset(),
      mount(app) {
        notionControlRoutes(app, state);
        notionViewRoutes(app, state, core.view);
        app.route("/", notionApi(state));
      },
    };
  },
};
