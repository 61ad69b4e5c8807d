import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import type { Db, Queryable } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";
import { googleProvider } from "../../providers/google/index.ts";
import { applierOf, type Operation, operationSchema } from "../../sync/calendar/operations.ts";
import { enqueueOperations, getOutboxRow, outboxStats } from "../../sync/calendar/outbox.ts";
import { endpoint } from "../endpoint.ts";
import { created, ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { OutboxRowOut, outboxRowJson } from "./calendar-schemas.ts";

/**
 * Every operation's user exists and has calendar_sync; the rows are written in one transaction, and
 * `then` runs in it too (a drain may take the rows the moment it commits).
 */
async function enqueueAll<T>(
  db: Db,
  ops: Operation[],
  prefix: (i: number) => string,
  then: (tx: Queryable, ids: string[]) => Promise<T>,
): Promise<T> {
  for (const userId of new Set(ops.map(applierOf))) {
    const user = await requireUser(db, userId);
    const { entitlement } = googleProvider;
    if (!user.entitlements.includes(entitlement)) throw new FerryError("not_entitled", `user ${userId} does not have ${entitlement}`);
  }
  return db.transaction(async (tx) => {
    const ids = await enqueueOperations(
      tx,
      ops.map((op) => ({ payload: op, userId: applierOf(op) })),
      prefix,
    );
    return then(tx, ids);
  });
}

const refusals = {
  403: errorResponse("the user lacks calendar_sync"),
  404: errorResponse("no such user (the workspace, or userId): register it with PUT /v1/users/{userId}"),
};

export const postOutbox = endpoint(
  createRoute({
    method: "post",
    path: "/v1/calendar/outbox",
    tags: ["calendar sync"],
    summary: "Add one operation to the calendar outbox (seed 002's payload)",
    description: [
      "UPSERT_EVENT, CANCEL_EVENT or REBUILD_ALL with seed 002's fields. The Ferry user whose Google connection applies it is",
      "`userId` if given, else `workspaceId`. Times are ISO 8601 with an offset (or a local time with `event.timeZone`);",
      "all-day events take dates, `end` exclusive; `end` must be after `start`. A drain applies it within moments, in the",
      "order written for its source. The same table can be written in SQL with `calendar_enqueue()` (docs/calendar-sync.md).",
    ].join(" "),
    request: { body: { required: true, content: { "application/json": { schema: operationSchema } } } },
    responses: { 201: dataResponse(OutboxRowOut, "queued"), ...refusals },
  }),
  ({ db }) =>
    async (c) => {
      const row = await enqueueAll(
        db,
        [c.req.valid("json")],
        () => "body",
        (tx, [id]) => getOutboxRow(tx, id as string),
      );
      if (!row) throw new FerryError("internal", "the outbox row was not written");
      return created(c, outboxRowJson(row));
    },
);

export const postOutboxBatch = endpoint(
  createRoute({
    method: "post",
    path: "/v1/calendar/outbox/batch",
    tags: ["calendar sync"],
    summary: "Add up to 500 operations to the calendar outbox, all or none",
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ operations: z.array(operationSchema).min(1).max(500) }).strict() } },
      },
    },
    responses: { 201: dataResponse(z.object({ ids: z.array(z.string()) }), "queued, in order"), ...refusals },
  }),
  ({ db }) =>
    async (c) => {
      const ids = await enqueueAll(
        db,
        c.req.valid("json").operations,
        (i) => `body.operations.${i}`,
        async (_, ids) => ids,
      );
      return created(c, { ids });
    },
);

const Stats = z
  .object({
    by_status: z.object({ PENDING: z.number(), PROCESSING: z.number(), COMPLETED: z.number(), DEAD_LETTER: z.number() }),
    due: z.number().int(),
    oldest_due_seconds: z.number(),
    waiting_for_connection: z.number().int(),
  })
  .openapi("CalendarOutboxStats");

export const getOutboxStats = endpoint(
  createRoute({
    method: "get",
    path: "/v1/calendar/outbox/stats",
    tags: ["calendar sync"],
    summary: "Outbox rows per status, rows due now and the oldest's age, rows waiting for a Google connection",
    responses: { 200: dataResponse(Stats, "the counts") },
  }),
  ({ db, queue }) =>
    async (c) =>
      ok(c, await outboxStats(db, queue.clock.now())),
);

export const getOutboxItem = endpoint(
  createRoute({
    method: "get",
    path: "/v1/calendar/outbox/items/{id}",
    tags: ["calendar sync"],
    summary: "One outbox row: its status, attempts, last error and result",
    request: {
      params: z.object({
        id: z
          .string()
          .regex(/^\d{1,19}$/, "expected an outbox row id")
          .openapi({ param: { name: "id", in: "path" } }),
      }),
    },
    responses: { 200: dataResponse(OutboxRowOut, "the row"), 404: errorResponse("no such row") },
  }),
  ({ db }) =>
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await getOutboxRow(db, id);
      if (!row) throw new FerryError("not_found", `no calendar outbox row ${id}`);
      return ok(c, outboxRowJson(row));
    },
);
