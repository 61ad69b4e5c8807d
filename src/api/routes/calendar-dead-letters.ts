import { createRoute, z } from "@hono/zod-openapi";
import { cleanupOutbox, discardDeadLetters, listDeadLetters, replayDeadLetters } from "../../sync/calendar/outbox.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse } from "../schemas.ts";
import { DeadLetterSelection, OutboxRowOut, outboxRowJson } from "./calendar-schemas.ts";
import { UserIdValue } from "./connection-schemas.ts";

export const listOutboxDeadLetters = endpoint(
  createRoute({
    method: "get",
    path: "/v1/calendar/outbox/dead-letters",
    tags: ["calendar sync"],
    summary: "Dead-lettered outbox rows, newest first, with their reason and last error",
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z
          .string()
          .regex(/^\d{1,19}$/, "expected an outbox row id")
          .optional(),
        user_id: UserIdValue.optional(),
      }),
    },
    responses: { 200: dataResponse(z.array(OutboxRowOut), "the rows") },
  }),
  ({ db }) =>
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listDeadLetters(db, {
        limit: q.limit,
        ...(q.before ? { before: q.before } : {}),
        ...(q.user_id ? { userId: q.user_id } : {}),
      });
      return ok(c, rows.map(outboxRowJson));
    },
);

const selectionBody = { required: true, content: { "application/json": { schema: DeadLetterSelection } } } as const;

export const replayOutboxDeadLetters = endpoint(
  createRoute({
    method: "post",
    path: "/v1/calendar/outbox/dead-letters/replay",
    tags: ["calendar sync"],
    summary: "Put dead letters back in line (due now, attempts reset): by id, or all",
    request: { body: selectionBody },
    responses: { 200: dataResponse(z.object({ replayed: z.array(z.string()) }), "the rows replayed") },
  }),
  ({ db, queue }) =>
    async (c) => {
      const { ids } = c.req.valid("json");
      return ok(c, { replayed: await replayDeadLetters(db, ids ?? null, queue.clock.now()) });
    },
);

export const discardOutboxDeadLetters = endpoint(
  createRoute({
    method: "post",
    path: "/v1/calendar/outbox/dead-letters/discard",
    tags: ["calendar sync"],
    summary: "Delete dead letters for good: by id, or all",
    request: { body: selectionBody },
    responses: { 200: dataResponse(z.object({ discarded: z.array(z.string()) }), "the rows deleted") },
  }),
  ({ db }) =>
    async (c) => {
      const { ids } = c.req.valid("json");
      return ok(c, { discarded: await discardDeadLetters(db, ids ?? null) });
    },
);

export const cleanupOutboxRoute = endpoint(
  createRoute({
    method: "post",
    path: "/v1/calendar/outbox/cleanup",
    tags: ["calendar sync"],
    summary: "Delete finished rows (COMPLETED, DEAD_LETTER) older than N days (seed 002's cleanup_old_outbox_items)",
    request: {
      body: {
        required: false,
        content: { "application/json": { schema: z.object({ older_than_days: z.number().int().min(0).max(3650).default(30) }).strict() } },
      },
    },
    responses: { 200: dataResponse(z.object({ deleted: z.number().int() }), "how many rows were deleted") },
  }),
  ({ db, queue }) =>
    async (c) => {
      const { older_than_days } = c.req.valid("json");
      return ok(c, { deleted: await cleanupOutbox(db, older_than_days, queue.clock.now()) });
    },
);
