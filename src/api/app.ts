import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { Db } from "../db/types.ts";
import { FerryError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Queue } from "../queue/queue.ts";
import type { JobHandler } from "../queue/types.ts";
import { fail, toFerryError } from "./envelope.ts";
import { healthRoute } from "./routes/health.ts";
import { processJobsRoute } from "./routes/process-jobs.ts";

export type AppEnv = { Variables: { requestId: string; logger: Logger } };

export interface AppDeps {
  db: Db;
  queue: Queue;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  version: string;
  worker: { secret: string | undefined; leaseMs: number; concurrency: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The HTTP app, built without listening: tests call `app.request(...)`. */
export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const logger = deps.logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("logger", logger);
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, "request");
  });

  healthRoute(app, { db: deps.db, version: deps.version });
  processJobsRoute(app, { queue: deps.queue, handlers: deps.handlers, logger: deps.logger, ...deps.worker });

  app.notFound((c) => fail(c, new FerryError("not_found", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    const fe = toFerryError(err);
    if (fe.code === "internal") c.get("logger")?.error({ err: err.message, stack: err.stack }, "unhandled error in route");
    return fail(c, fe);
  });
  return app;
}
