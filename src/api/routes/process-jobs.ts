import type { Hono } from "hono";
import { z } from "zod";
import { describeIssues, FerryError, fieldIssues, ValidationError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { WorkerPool } from "../../queue/pool.ts";
import type { Queue } from "../../queue/queue.ts";
import type { JobHandler } from "../../queue/types.ts";
import { bearerToken, safeEqual } from "../../secrets.ts";
import type { AppEnv } from "../app.ts";
import { fail, ok } from "../envelope.ts";

const body = z
  .object({
    limit: z.number().int().min(1).max(100).default(25),
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .default("default"),
    budget_ms: z.number().int().min(100).max(300_000).default(25_000),
  })
  .strict();

export interface ProcessJobsDeps {
  queue: Queue;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  secret: string | undefined;
  leaseMs: number;
  concurrency: number;
}

/**
 * POST /api/worker/process-jobs — for serverless cron setups: processes one bounded batch and
 * returns counts. Requires WORKER_SECRET as a bearer token (or X-Worker-Secret), compared in
 * constant time; disabled (503) when WORKER_SECRET is not set.
 */
export function processJobsRoute(app: Hono<AppEnv>, deps: ProcessJobsDeps): void {
  app.post("/api/worker/process-jobs", async (c) => {
    if (!deps.secret) return fail(c, new FerryError("not_configured", "set WORKER_SECRET to enable this endpoint"));
    const given = bearerToken(c.req.header("authorization")) ?? c.req.header("x-worker-secret");
    if (!safeEqual(given, deps.secret)) return fail(c, new FerryError("unauthorized", "missing or wrong worker secret"));
    const raw = (await c.req.text()).trim();
    let input: unknown = {};
    if (raw !== "") {
      try {
        input = JSON.parse(raw);
      } catch {
        return fail(c, new ValidationError("request body is not valid JSON", [{ field: "body", message: "malformed JSON" }]));
      }
    }
    const parsed = body.safeParse(input);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues, "body");
      return fail(c, new ValidationError(`invalid request: ${describeIssues(issues)}`, issues));
    }
    const pool = new WorkerPool({
      queue: deps.queue,
      handlers: deps.handlers,
      logger: deps.logger,
      queueName: parsed.data.queue,
      concurrency: deps.concurrency,
      batchSize: parsed.data.limit,
      leaseMs: deps.leaseMs,
      pollIntervalMs: 60_000,
    });
    const counts = await pool.processBatch(parsed.data.limit, parsed.data.budget_ms);
    return ok(c, {
      worker_id: pool.workerId,
      claimed: counts.claimed,
      completed: counts.completed,
      retried: counts.retried,
      dead_lettered: counts.deadLettered,
      lost_leases: counts.lostLeases,
      released: counts.released,
    });
  });
}
