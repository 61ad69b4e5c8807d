import { createRoute, z } from "@hono/zod-openapi";
import { WorkerPool } from "../../queue/pool.ts";
import { WORKER_SCHEME, workerSecret } from "../auth.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";

const Body = z
  .object({
    limit: z.number().int().min(1).max(100).default(25).openapi({ description: "jobs to claim in this call" }),
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .default("default")
      .openapi({ description: "queue to take them from" }),
    budget_ms: z.number().int().min(100).max(300_000).default(25_000).openapi({
      description: "time allowed; jobs still running then are stopped and given back to the queue",
    }),
  })
  .strict();

const Counts = z.object({
  worker_id: z.string(),
  claimed: z.number().int(),
  completed: z.number().int(),
  retried: z.number().int(),
  dead_lettered: z.number().int(),
  lost_leases: z.number().int(),
  released: z.number().int(),
});

const route = createRoute({
  method: "post",
  path: "/api/worker/process-jobs",
  tags: ["jobs"],
  summary: "Process one bounded batch of jobs (serverless cron)",
  description:
    "Needs WORKER_SECRET, as `Authorization: Bearer <WORKER_SECRET>` or `X-Worker-Secret`, compared in constant time. " +
    "Reaps expired leases, claims up to `limit` jobs, runs them within `budget_ms` and returns the counts. The body is optional.",
  security: [{ [WORKER_SCHEME]: [] }],
  request: { body: { required: false, content: { "application/json": { schema: Body } } } },
  responses: {
    200: dataResponse(Counts, "what happened to the batch"),
    503: errorResponse("WORKER_SECRET is not set: the endpoint is disabled"),
  },
});

export const processJobs = endpoint(
  route,
  (deps) => async (c) => {
    const input = c.req.valid("json");
    const pool = new WorkerPool({
      queue: deps.queue,
      handlers: deps.handlers,
      logger: c.get("logger"),
      queueName: input.queue,
      concurrency: deps.worker.concurrency,
      batchSize: input.limit,
      leaseMs: deps.worker.leaseMs,
      pollIntervalMs: 60_000,
    });
    const counts = await pool.processBatch(input.limit, input.budget_ms);
    return ok(c, {
      worker_id: pool.workerId,
      claimed: counts.claimed,
      completed: counts.completed,
      retried: counts.retried,
      dead_lettered: counts.deadLettered,
      lost_leases: counts.lostLeases,
      released: counts.released,
    });
  },
  { auth: workerSecret },
);
