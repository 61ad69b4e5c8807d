import { createRoute, z } from "@hono/zod-openapi";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse } from "../schemas.ts";

const Metrics = z
  .object({
    provider_calls: z.array(z.object({ provider: z.string(), endpoint: z.string(), status: z.string(), count: z.number().int() })).openapi({
      description: "calls this process made, per provider, endpoint (a route pattern) and status (HTTP status, timeout or network)",
    }),
    limiter: z
      .array(z.object({ provider: z.string(), acquires: z.number().int(), wait_ms_total: z.number(), wait_ms_max: z.number() }))
      .openapi({ description: "time calls spent waiting in the shared rate limiter" }),
    jobs: z.record(z.string(), z.number().int()).openapi({ description: "jobs per status, across every process" }),
  })
  .openapi("Metrics");

export const metrics = endpoint(
  createRoute({
    method: "get",
    path: "/v1/metrics",
    tags: ["service"],
    summary: "Provider call counters, limiter waits and job counts",
    description: "Counters are this process's since it started; job counts come from the database.",
    responses: { 200: dataResponse(Metrics, "the counters") },
  }),
  ({ queue, connections }) =>
    async (c) => {
      const snap = connections.metrics.snapshot();
      const stats = await queue.stats();
      return ok(c, { provider_calls: snap.calls, limiter: snap.limiter, jobs: stats.byStatus });
    },
);
