import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import { ValidationError } from "../../errors.ts";
import { schedulesOf } from "../../scheduler/schedules.ts";
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings } from "../../scheduler/settings.ts";
import { scheduleJson } from "../../scheduler/status.ts";
import { pushSyncNow } from "../../scheduler/sync-now.ts";
import { pageIdFrom } from "../../sync/push/notion-url.ts";
import { activeNotionConnection } from "../../sync/push/request.ts";
import { chooseRoot, pushStatus } from "../../sync/push/status.ts";
import { BEARER_SCHEME, bearerAuth } from "../auth.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import type { AppDeps } from "../types.ts";
import { UserId, UserIdValue } from "./connection-schemas.ts";

const params = z.object({ userId: UserId });

const Queued = z.object({
  job_id: z.string(),
  already_queued: z.boolean().openapi({ description: "true when a queued job that had not started yet was joined" }),
  follows: z
    .string()
    .nullable()
    .openapi({ description: "the running job this one runs after (a sync was running when asked); null otherwise" }),
});

const Status = z
  .object({
    connected: z.boolean(),
    connection_id: z.string().nullable(),
    connection_status: z.string().nullable(),
    root_page_id: z.string().nullable(),
    root_status: z.string(),
    running: z.boolean(),
    queued: z.boolean(),
    last_started_at: z.string().nullable(),
    last_synced_at: z.string().nullable(),
    last_counts: z.record(z.string(), z.number()),
    stopped: z
      .object({
        job_id: z.string(),
        reason: z.string().openapi({ description: "the dead-letter reason of the sync's job, e.g. max_attempts_reached, auth_revoked" }),
        error: z.string().nullable(),
        since: z.string(),
      })
      .nullable()
      .openapi({ description: "set when the latest sync's job was dead-lettered and nothing has synced since: why, and since when" }),
    pending: z.number().int(),
    failed: z.array(z.object({ kind: z.string(), id: z.string(), error: z.string().nullable() })),
    tier: z.string().openapi({ description: "the user's scheduling tier" }),
    background: z
      .boolean()
      .openapi({ description: "whether the scheduler syncs the user in the background (PUT /v1/users/{userId}/schedules/push)" }),
    next_sync_at: z.string().nullable().openapi({ description: "when the background sync is next due; null with background off" }),
  })
  .openapi("PushSyncStatus");

const syncNowResponses = {
  200: dataResponse(Queued, "queued (or already queued)"),
  404: errorResponse("no such user"),
  409: errorResponse("no active Notion connection"),
};
const statusResponses = { 200: dataResponse(Status, "the status"), 404: errorResponse("no such user") };

/** The user's push sync status with their schedule; not_found for an unknown user. */
async function statusOf(db: AppDeps["db"], userId: string, scheduler: SchedulerSettings) {
  const user = await requireUser(db, userId);
  const row = (await schedulesOf(db, userId)).find((r) => r.kind === "push");
  const schedule = row ? scheduleJson(row, user.tier, scheduler) : null;
  return {
    ...(await pushStatus(db, userId)),
    tier: user.tier,
    background: row?.background ?? false,
    next_sync_at: schedule?.next_sync_at ?? null,
  };
}

export const syncNow = endpoint(
  createRoute({
    method: "post",
    path: "/v1/users/{userId}/sync",
    tags: ["push sync"],
    summary: "Sync now: push the user's changes to Notion soon, ahead of background work",
    description:
      "Guarantees a run that starts after the request: a queued job that has not started is joined; when one is running, a follow-up is queued that runs after it ends (however it ends).",
    request: { params },
    responses: syncNowResponses,
  }),
  ({ db, queue, connections }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      return ok(c, await pushSyncNow(db, queue, userId, connections.tokens.clock.now()));
    },
);

export const syncStatus = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}/sync",
    tags: ["push sync"],
    summary: "Push sync status: connected, root, last run and its counts, running, pending and failed nodes",
    request: { params },
    responses: statusResponses,
  }),
  ({ db, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      return ok(c, await statusOf(db, userId, scheduler));
    },
);

export const putSyncRoot = endpoint(
  createRoute({
    method: "put",
    path: "/v1/users/{userId}/sync-root",
    tags: ["push sync"],
    summary: "Choose the Notion page everything syncs under (a pasted URL or id)",
    description:
      'Every Notion URL form is accepted. Without a chosen root, Ferry creates "<App> Sync" at the top of the workspace. Top-level pages move under a new root on the next run.',
    request: {
      params,
      body: { required: true, content: { "application/json": { schema: z.object({ page: z.string().min(1).max(2000) }).strict() } } },
    },
    responses: {
      200: dataResponse(z.object({ root_page_id: z.string() }), "set"),
      404: errorResponse("no such user"),
      409: errorResponse("no active Notion connection"),
    },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const { page } = c.req.valid("json");
      const pageId = pageIdFrom(page);
      if (!pageId)
        throw new ValidationError("body.page: not a Notion page URL or id", [
          { field: "body.page", message: "expected a Notion page URL or id" },
        ]);
      await chooseRoot(db, userId, await activeNotionConnection(db, userId), pageId);
      return ok(c, { root_page_id: pageId });
    },
);

const SeedUser = z.object({ user_id: UserIdValue });
const aliasAuth = { auth: ({ api }: { api: AppDeps["api"] }) => bearerAuth(api) };

/** Seed 001's `POST /notion/sync`, for the app's backend: the user in the body. */
export const seedSyncAlias = endpoint(
  createRoute({
    method: "post",
    path: "/notion/sync",
    tags: ["push sync"],
    summary: "Alias of POST /v1/users/{userId}/sync (seed 001's path), with `user_id` in the body",
    deprecated: true,
    security: [{ [BEARER_SCHEME]: [] }],
    request: { body: { required: true, content: { "application/json": { schema: SeedUser.strict() } } } },
    responses: syncNowResponses,
  }),
  ({ db, queue, connections }) =>
    async (c) => {
      const { user_id: userId } = c.req.valid("json");
      return ok(c, await pushSyncNow(db, queue, userId, connections.tokens.clock.now()));
    },
  aliasAuth,
);

/** Seed 001's `GET /notion/status`: connected and last synced, for one user. */
export const seedStatusAlias = endpoint(
  createRoute({
    method: "get",
    path: "/notion/status",
    tags: ["push sync"],
    summary: "Alias of GET /v1/users/{userId}/sync (seed 001's path), with `user_id` in the query",
    deprecated: true,
    security: [{ [BEARER_SCHEME]: [] }],
    request: { query: SeedUser },
    responses: statusResponses,
  }),
  ({ db, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) => {
      const { user_id: userId } = c.req.valid("query");
      return ok(c, await statusOf(db, userId, scheduler));
    },
  aliasAuth,
);
