import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ERROR_CODES, type ErrorCode, FerryError } from "../../errors.ts";
import { SYNC_NOW_PRIORITY } from "../../sync/priorities.ts";
import { databaseResults, errored, type PullManyResult, type PullOneResult } from "../../sync/pull/pull-user.ts";
import { assertCanPull, enqueueRun, type QueuedRun, usersWithMirrors, waitForRuns } from "../../sync/pull/request.ts";
import type { PullRequest, PullRun } from "../../sync/pull/runs.ts";
import { BEARER_SCHEME, bearerAuth } from "../auth.ts";
import { endpoint } from "../endpoint.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import type { AppDeps } from "../types.ts";
import { UserIdValue } from "./connection-schemas.ts";
import { PullResult, PullRunOut, runJson } from "./pull-schemas.ts";

/** Seed 004's body, plus `full` and how long to wait. */
const Body = z
  .object({
    database_id: z.string().min(1).max(200).optional().openapi({ description: "the database to pull (wins over database_name)" }),
    database_name: z.string().min(1).max(1000).optional().openapi({ description: "the database to pull, by its title (case-insensitive)" }),
    user_id: UserIdValue.optional().openapi({ description: "the user whose databases to pull; omitted: every user with stored mirrors" }),
    full: z.boolean().default(false).openapi({ description: "read every page, not only those edited since the last run" }),
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(300)
      .default(30)
      .openapi({ description: "how long to wait for the run before answering 202 with its id (0: do not wait)" }),
  })
  .strict();

const Pending = z
  .object({ success: z.null(), runs: z.array(PullRunOut), poll: z.array(z.string()) })
  .openapi("PullPending", { description: "still running: poll each run" });

const responses = {
  200: dataResponse(PullResult, "the run finished: seed 004's result (one database, or `results` for several), with counts"),
  202: dataResponse(Pending, "accepted; still running after wait_seconds"),
  403: errorResponse("the user lacks notion_sync"),
  404: errorResponse("no such user, or the database is not found (or not shared with the integration)"),
  409: errorResponse("the user has no active Notion connection"),
};

/** What a failed run answers: its own code when Ferry has one, `conflict` for a lost connection, else `sync_failed`. */
function runFailure(run: PullRun): FerryError {
  const code = run.error?.code ?? "internal";
  const mapped: ErrorCode =
    code in ERROR_CODES ? (code as ErrorCode) : code === "no_connection" || code === "auth_revoked" ? "conflict" : "sync_failed";
  return new FerryError(mapped, run.error?.message ?? "the pull run failed", { run_id: run.id, reason: code });
}

/** Several users' runs as one seed 004 answer: every database of every user in `results`. */
function merged(runs: PullRun[], started: number) {
  const results = runs.flatMap((run) => {
    const dbs =
      run.status === "failed"
        ? [errored("", null, run.error?.message ?? "failed", 0)]
        : databaseResults(run.result as PullOneResult | PullManyResult);
    return dbs.map((r) => ({ user_id: run.userId, ...r }));
  });
  return { success: results.every((r) => r.status === "success"), results, duration_ms: Date.now() - started };
}

async function requestPull(deps: Pick<AppDeps, "db" | "queue">, body: z.infer<typeof Body>): Promise<QueuedRun[]> {
  const request: PullRequest = {
    ...(body.database_id !== undefined
      ? { databaseId: body.database_id }
      : body.database_name !== undefined
        ? { databaseName: body.database_name }
        : {}),
    ...(body.full ? { full: true } : {}),
  };
  if (body.user_id !== undefined) await assertCanPull(deps.db, body.user_id);
  const users = body.user_id !== undefined ? [body.user_id] : await usersWithMirrors(deps.db);
  return deps.db.transaction(async (tx) => {
    const queued: QueuedRun[] = [];
    for (const userId of users)
      queued.push(
        await enqueueRun(
          tx,
          { queue: deps.queue, clock: deps.queue.clock },
          { userId, request, trigger: "api", priority: SYNC_NOW_PRIORITY },
        ),
      );
    return queued;
  });
}

const handler =
  ({ db, queue }: Pick<AppDeps, "db" | "queue">) =>
  async (c: Context, body: z.infer<typeof Body>) => {
    const started = Date.now();
    const queued = await requestPull({ db, queue }, body);
    const runs = await waitForRuns(
      db,
      queued.map((q) => q.runId),
      body.wait_seconds * 1000,
      c.req.raw.signal,
    );
    if (runs.some((r) => r.status !== "completed" && r.status !== "failed"))
      return c.json({ data: { success: null, runs: runs.map(runJson), poll: runs.map((r) => `/v1/notion/pull-runs/${r.id}`) } }, 202);
    const only = runs[0];
    if (body.user_id !== undefined && only) {
      if (only.status === "failed") throw runFailure(only);
      return c.json({ data: { ...(only.result as object), run_id: only.id, job_id: only.jobId ?? undefined } }, 200);
    }
    return c.json({ data: merged(runs, started) }, 200);
  };

const description = [
  "Seed 004's endpoint. Runs as a `notion.pull` job (ahead of scheduled work) and waits up to `wait_seconds` for it.",
  "With `database_id` or `database_name`, that one database (answer: `{ success, synced_count, database_name, ... }`);",
  "without, every database the user chose with PUT /v1/users/{userId}/pull-mirrors, or, with none chosen, every database",
  "the integration can see (answer: `{ success, results: [...] }`). Without `user_id`, every user with stored mirrors.",
  "Asking again while the same pull waits or runs joins it.",
].join(" ");

export const syncToPostgres = endpoint(
  createRoute({
    method: "post",
    path: "/v1/notion/sync-to-postgres",
    tags: ["pull sync"],
    summary: "Pull Notion databases into PostgreSQL tables now",
    description,
    request: { body: { required: true, content: { "application/json": { schema: Body } } } },
    responses,
  }),
  (deps) => async (c) => handler(deps)(c, c.req.valid("json")) as never,
);

/** Seed 004's own path. */
export const seedSyncToPostgresAlias = endpoint(
  createRoute({
    method: "post",
    path: "/api/notion/sync-to-postgres",
    tags: ["pull sync"],
    summary: "Alias of POST /v1/notion/sync-to-postgres (seed 004's path)",
    deprecated: true,
    security: [{ [BEARER_SCHEME]: [] }],
    request: { body: { required: true, content: { "application/json": { schema: Body } } } },
    responses,
  }),
  (deps) => async (c) => handler(deps)(c, c.req.valid("json")) as never,
  { auth: ({ api }) => bearerAuth(api) },
);
