import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { FerryError } from "../errors.ts";
import { bearerAuth, SECURED_PREFIX } from "./auth.ts";
import { apiDocument } from "./document.ts";
import { fail, toFerryError } from "./envelope.ts";
import { allowedMethods } from "./method-not-allowed.ts";
import { requestContext } from "./request-context.ts";
import { ENDPOINTS } from "./routes/index.ts";
import type { AppDeps, FerryApp, OpenApiDocument } from "./types.ts";
import { validationHook } from "./validation.ts";

export type { AppDeps, AppEnv } from "./types.ts";

/**
 * The HTTP app, built without listening: tests call `app.request(...)`. A request passes through
 * the request context (id, child logger), bearer auth for /v1/, the body-size limit, then its
 * route (own auth, JSON guard, zod validation, handler). Anything thrown becomes the error envelope.
 */
export function buildApp(deps: AppDeps): FerryApp {
  const app: FerryApp = new OpenAPIHono({ defaultHook: validationHook });
  app.use(requestContext(deps.logger));
  app.use(`${SECURED_PREFIX}/*`, bearerAuth(deps.api));
  const limit = deps.api.maxBodyBytes;
  app.use(
    bodyLimit({
      maxSize: limit,
      onError: (c) => fail(c, new FerryError("payload_too_large", `request body is larger than ${limit} bytes`)),
    }),
  );

  let document: OpenApiDocument | undefined;
  const routeDeps = { ...deps, document: () => (document ??= apiDocument(ENDPOINTS, deps.version)) };
  for (const e of ENDPOINTS) e.mount(app, routeDeps);

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const methods = allowed(c.req.path);
    if (methods.length === 0) return fail(c, new FerryError("not_found", `no route for ${c.req.method} ${c.req.path}`));
    c.header("Allow", methods.join(", "));
    return fail(c, new FerryError("method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(", ")}`));
  });
  app.onError((err, c) => {
    const fe = toFerryError(err);
    if (fe.code === "internal") c.get("logger")?.error({ err }, "unhandled error in route");
    return fail(c, fe);
  });
  return app;
}
