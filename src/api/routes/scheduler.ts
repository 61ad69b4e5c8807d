import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import { schedulesOf, setBackground } from "../../scheduler/schedules.ts";
import { DEFAULT_SCHEDULER_SETTINGS } from "../../scheduler/settings.ts";
import { scheduleJson, schedulerStatus } from "../../scheduler/status.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { UserId } from "./connection-schemas.ts";

const ScheduleOut = z
  .object({
    kind: z.enum(["push", "pull"]),
    background: z.boolean().openapi({ description: "whether the scheduler syncs this user in the background" }),
    tier: z.string(),
    interval_s: z.number().openapi({ description: "the tier's interval" }),
    next_sync_at: z.string().nullable().openapi({ description: "when the background sync is next due; null with background off" }),
    last_synced_at: z.string().nullable(),
    last_run_at: z.string().nullable(),
    last_cost: z.number().nullable().openapi({ description: "provider calls the last run made" }),
    in_flight_job_id: z
      .string()
      .nullable()
      .openapi({ description: "the run the scheduler (or a Sync now) put in the queue, until it ends" }),
  })
  .openapi("SyncSchedule");

const Kind = z
  .enum(["push", "pull"])
  .openapi({ description: "the sync: push (the app's tree into Notion) or pull (Notion databases into tables)" });

export const putSchedule = endpoint(
  createRoute({
    method: "put",
    path: "/v1/users/{userId}/schedules/{kind}",
    tags: ["scheduler"],
    summary: "Turn a user's background sync on or off",
    description:
      "With background on, the scheduler syncs the user once per their tier's interval (SYNC_TIERS), fairly with every other user on the provider's quota; a user with nothing pending costs no call. Off (the default): only Sync now.",
    request: {
      params: z.object({ userId: UserId, kind: Kind }),
      body: { required: true, content: { "application/json": { schema: z.object({ background: z.boolean() }).strict() } } },
    },
    responses: { 200: dataResponse(ScheduleOut, "the schedule"), 404: errorResponse("no such user") },
  }),
  ({ db, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) => {
      const { userId, kind } = c.req.valid("param");
      const user = await requireUser(db, userId);
      const row = await setBackground(db, userId, kind, c.req.valid("json").background);
      return ok(c, scheduleJson(row, user.tier, scheduler));
    },
);

export const getSchedules = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}/schedules",
    tags: ["scheduler"],
    summary: "A user's sync schedules",
    request: { params: z.object({ userId: UserId }) },
    responses: {
      200: dataResponse(z.array(ScheduleOut), "the schedules (none until one is set or a sync ran)"),
      404: errorResponse("no such user"),
    },
  }),
  ({ db, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const user = await requireUser(db, userId);
      return ok(
        c,
        (await schedulesOf(db, userId)).map((r) => scheduleJson(r, user.tier, scheduler)),
      );
    },
);

export const getScheduler = endpoint(
  createRoute({
    method: "get",
    path: "/v1/scheduler",
    tags: ["scheduler"],
    summary: "The scheduler: leader, last tick, backlog and lateness per tier",
    responses: { 200: dataResponse(z.record(z.string(), z.unknown()), "the scheduler's state") },
  }),
  ({ db, connections, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) =>
      ok(c, await schedulerStatus(db, scheduler, connections.tokens.clock.now(), { providers: connections.tokens.providers })),
);
