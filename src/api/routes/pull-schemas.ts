import { z } from "@hono/zod-openapi";
import type { PullRun } from "../../sync/pull/runs.ts";

/** The pull sync's answers, as schemas for the document and as JSON from stored runs. */

/** One database's entry: seed 004's name and count, and the run's counts. */
const DatabaseFields = z.object({
  database_name: z.string(),
  database_id: z.string().nullable(),
  table: z.string().nullable().openapi({ description: "schema.table of the mirror" }),
  synced_count: z.number().int().openapi({ description: "rows inserted or updated" }),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  trashed: z.number().int().openapi({ description: "rows newly marked in_trash (or removed, with PULL_TRASHED_POLICY=delete)" }),
  failed: z.number().int().openapi({ description: "pages that could not be written; see row_errors" }),
  deleted: z.number().int().openapi({ description: "rows whose page left the database (found by a complete full run)" }),
  full: z.boolean().openapi({ description: "whether every page was read (first run, changed mapping, or asked), not only recent edits" }),
  duration_ms: z.number().int(),
  error: z.string().optional(),
  error_code: z.string().optional().openapi({ description: "why, as a dead-letter reason (forbidden, not_found, ...) or an error code" }),
  error_status: z.number().int().optional().openapi({ description: "the provider's HTTP status behind the error" }),
  row_errors: z.array(z.object({ page_id: z.string(), message: z.string() })).optional(),
});

export const DatabaseResult = DatabaseFields.extend({ user_id: z.string().optional(), status: z.enum(["success", "error"]) }).openapi(
  "PullDatabaseResult",
);

/** Seed 004's two shapes: one database (its fields at the top), or several (`results`). */
export const PullResult = DatabaseFields.partial()
  .extend({
    success: z.boolean(),
    run_id: z.string().optional(),
    job_id: z.string().optional(),
    results: z.array(DatabaseResult).optional(),
    duration_ms: z.number().int(),
  })
  .openapi("PullResult");

export const PullRunOut = z
  .object({
    run_id: z.string(),
    user_id: z.string(),
    trigger: z.enum(["api", "schedule", "cli"]),
    request: z.record(z.string(), z.unknown()),
    job_id: z.string().nullable(),
    status: z.enum(["queued", "running", "completed", "failed"]),
    progress: z
      .object({
        databases: z.number().int(),
        done: z.number().int(),
        database: z.string().nullable(),
        pages: z.number().int(),
        rows: z.number().int(),
        rowsDone: z.number().int(),
      })
      .nullable(),
    result: PullResult.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi("PullRun");

export const runJson = (r: PullRun) => ({
  run_id: r.id,
  user_id: r.userId,
  trigger: r.trigger,
  request: r.request as Record<string, unknown>,
  job_id: r.jobId,
  status: r.status,
  progress: (r.progress ?? null) as z.infer<typeof PullRunOut>["progress"],
  result: (r.result ?? null) as z.infer<typeof PullResult> | null,
  error: r.error,
  created_at: r.createdAt.toISOString(),
  started_at: r.startedAt?.toISOString() ?? null,
  finished_at: r.finishedAt?.toISOString() ?? null,
});
