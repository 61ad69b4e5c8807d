import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { BEARER_SCHEME, isSecuredPath } from "./auth.ts";
import { errorResponse } from "./schemas.ts";
import type { AppDeps, AppEnv, FerryApp, OpenApiDocument } from "./types.ts";
import { jsonBodyGuard } from "./validation.ts";

/** What a route's handler factory receives: the app's dependencies and the API's own document. */
export type RouteDeps = AppDeps & { document: () => OpenApiDocument };

/** One route: its OpenAPI description and how to add it to an app. */
export interface Endpoint {
  /** The route as documented (security and the standard error responses filled in). */
  readonly route: RouteConfig;
  mount(app: FerryApp, deps: RouteDeps): void;
}

export interface EndpointOptions {
  /**
   * A check of the route's own (not /v1/), run before its input is read; declare the matching
   * `security` in the route config so the document and the fuzz test know about it.
   */
  auth?: (deps: RouteDeps) => MiddlewareHandler<AppEnv>;
}

/**
 * Defines a route from its `createRoute` config and a handler factory. Fills in what every route
 * shares, so a route file only states what is its own:
 * - under /v1/: the bearer security requirement and the 401/503 responses (the auth middleware
 *   in app.ts enforces it);
 * - with parameters or a body: the 400 response; with a JSON body: 413, 415, and a guard that
 *   answers malformed JSON with `invalid_json`.
 * Handlers return `ok(c, data)` and throw `FerryError`s; the app's error handler writes the envelope.
 */
export function endpoint<R extends RouteConfig>(
  config: R,
  handler: (deps: RouteDeps) => RouteHandler<R, AppEnv>,
  options: EndpointOptions = {},
): Endpoint {
  const route = documented(config);
  const own = config.middleware === undefined ? [] : [config.middleware].flat();
  const json = config.request?.body?.content?.["application/json"];
  const bodyRequired = config.request?.body?.required === true;
  const served = {
    ...config,
    hide: true,
    // An optional body is validated as `{}` when absent, so the schema's defaults apply.
    request: json
      ? { ...config.request, body: { ...config.request?.body, content: config.request?.body?.content ?? {}, required: true } }
      : config.request,
  };
  const mount = (app: FerryApp, deps: RouteDeps) => {
    const middleware = [...(options.auth ? [options.auth(deps)] : []), ...own, ...(json ? [jsonBodyGuard(bodyRequired)] : [])];
    app.openapi({ ...served, middleware }, handler(deps) as never);
  };
  return { route, mount };
}

/** The route as the OpenAPI document shows it. */
function documented({ middleware: _middleware, hide: _hide, ...config }: RouteConfig): RouteConfig {
  const responses: RouteConfig["responses"] = {};
  const req = config.request ?? {};
  if (req.params || req.query || req.headers || req.cookies || req.body) responses[400] = errorResponse("invalid input; names each field");
  if (req.body?.content?.["application/json"]) {
    responses[413] = errorResponse("body larger than API_MAX_BODY_BYTES");
    responses[415] = errorResponse("body not sent as application/json");
  }
  const secured = isSecuredPath(config.path);
  if (secured) responses[503] = errorResponse("ACTION_API_TOKEN is not set");
  if (secured || config.security?.length) responses[401] = errorResponse("missing or wrong credentials");
  return {
    ...config,
    ...(secured ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
    responses: { ...responses, ...config.responses },
  };
}
