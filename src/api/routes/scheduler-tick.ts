import { createRoute, z } from "@hono/zod-openapi";
import { SYNC_KINDS } from "../../scheduler/kinds.ts";
import { DEFAULT_SCHEDULER_SETTINGS } from "../../scheduler/settings.ts";
import { tickOnce } from "../../scheduler/trigger.ts";
import { WORKER_SCHEME, workerSecret } from "../auth.ts";
import { endpoint, type RouteDeps } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";

const TickOut = z
  .object({
    ticked: z.boolean().openapi({ description: "false when a worker process leads the scheduler (it is already ticking)" }),
    leader: z.string().nullable().optional(),
    report: z.record(z.string(), z.unknown()).optional().openapi({ description: "what the tick admitted, per sync kind" }),
  })
  .openapi("SchedulerTick");

const DESCRIPTION =
  "Runs one scheduler tick now, for setups without long-lived workers (seed 001's cron trigger): admits due background syncs within the quota and returns what it admitted. When a worker process leads the scheduler, nothing is done and the leader is named.";

const runTick = (deps: RouteDeps) => async () => {
  const { tokens } = deps.connections;
  return tickOnce({
    db: deps.db,
    queue: deps.queue,
    clock: tokens.clock,
    logger: deps.logger,
    providers: tokens.providers,
    settings: deps.scheduler ?? DEFAULT_SCHEDULER_SETTINGS,
    kinds: SYNC_KINDS,
  });
};

export const schedulerTick = endpoint(
  createRoute({
    method: "post",
    path: "/v1/scheduler/tick",
    tags: ["scheduler"],
    summary: "Run one scheduler tick now",
    description: DESCRIPTION,
    responses: { 200: dataResponse(TickOut, "what the tick did") },
  }),
  (deps) => {
    const run = runTick(deps);
    return async (c) => ok(c, await run());
  },
);

export const cronSync = endpoint(
  createRoute({
    method: "post",
    path: "/notion/cron/sync",
    tags: ["scheduler"],
    summary: "Seed 001's cron trigger: one scheduler tick, with WORKER_SECRET",
    description: `${DESCRIPTION} Needs WORKER_SECRET, as \`Authorization: Bearer <WORKER_SECRET>\` or \`X-Worker-Secret\`.`,
    security: [{ [WORKER_SCHEME]: [] }],
    responses: {
      200: dataResponse(TickOut, "what the tick did"),
      503: errorResponse("WORKER_SECRET is not set: the endpoint is disabled"),
    },
  }),
  (deps) => {
    const run = runTick(deps);
    return async (c) => ok(c, await run());
  },
  { auth: workerSecret },
);
