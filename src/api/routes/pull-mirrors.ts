import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import { setBackground } from "../../scheduler/schedules.ts";
import { mirrorRows, mirrorSetInputSchema } from "../../sync/pull/mirror-set.ts";
import { listMirrors, replaceMirrors, type StoredMirror } from "../../sync/pull/mirrors.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { UserId } from "./connection-schemas.ts";

const MirrorOut = z
  .object({
    id: z.string(),
    database_id: z.string().nullable(),
    database_name: z.string().nullable(),
    all_databases: z.boolean(),
    schema: z.string().nullable(),
    table: z.string().nullable(),
    columns: z.array(z.record(z.string(), z.unknown())),
    interval_minutes: z.number(),
    enabled: z.boolean(),
    next_run_at: z.string(),
    last_run_id: z.string().nullable(),
    error: z.string().nullable().openapi({ description: "set when the stored spec is no longer valid (edited in SQL)" }),
  })
  .openapi("PullMirror");

function mirrorJson(m: StoredMirror): z.infer<typeof MirrorOut> {
  const t = m.target;
  const spec = t.kind === "database" ? t.spec : null;
  return {
    id: m.id,
    database_id: spec && "databaseId" in spec.source ? spec.source.databaseId : null,
    database_name: spec && "databaseName" in spec.source ? spec.source.databaseName : null,
    all_databases: t.kind === "all",
    schema: spec ? spec.schema : t.kind === "all" ? t.schema : null,
    table: spec?.table ?? null,
    columns: (spec?.columns ?? []) as Array<Record<string, unknown>>,
    interval_minutes: m.intervalSeconds / 60,
    enabled: m.enabled,
    next_run_at: m.nextRunAt.toISOString(),
    last_run_id: m.lastRunId,
    error: t.kind === "invalid" ? t.error.message : null,
  };
}

const params = z.object({ userId: UserId });

export const putPullMirrors = endpoint(
  createRoute({
    method: "put",
    path: "/v1/users/{userId}/pull-mirrors",
    tags: ["pull sync"],
    summary: "Choose which of the user's Notion databases are pulled, into which tables, and how often",
    description: [
      "Replaces the user's mirrors. Each names a database (by `database_id` or `database_name`), its `table` (and `schema`,",
      "default PULL_SCHEMA) and `columns`: `{ column, from, as? }` where `from` is a property name, a list of names (the first",
      "that exists), or `{ id }`. Every property is also kept in `properties` (JSONB). `all_databases` adds every other database",
      "the integration can see, with seed 004's example mapping or its title as the table. Storing enabled mirrors turns the",
      "user's background pull on (PUT /v1/users/{userId}/schedules/pull turns it off): the scheduler pulls each mirror once per",
      "its `interval_minutes` (default PULL_INTERVAL_MINUTES), fairly with every other user on the quota, a new one at once. Names are checked here; columns against the",
      "database's properties at the first run (an unknown property fails that database only). See docs/pull-sync.md.",
    ].join(" "),
    request: { params, body: { required: true, content: { "application/json": { schema: mirrorSetInputSchema } } } },
    responses: { 200: dataResponse(z.array(MirrorOut), "the stored mirrors"), 404: errorResponse("no such user") },
  }),
  ({ db, queue, pull }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const rows = mirrorRows(c.req.valid("json"), pull);
      await requireUser(db, userId);
      await db.transaction(async (tx) => {
        await replaceMirrors(tx, userId, rows, queue.clock.now());
        // The mirrors' shortest interval is the pull schedule's own (the tier's does not apply to it).
        const enabled = rows.filter((r) => r.enabled);
        const intervalMs = enabled.length ? Math.max(60_000, Math.min(...enabled.map((r) => r.intervalSeconds * 1000))) : null;
        await setBackground(tx, userId, "pull", enabled.length > 0, { intervalMs, dueNow: true });
      });
      return ok(c, (await listMirrors(db, userId)).map(mirrorJson));
    },
);

export const getPullMirrors = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}/pull-mirrors",
    tags: ["pull sync"],
    summary: "The user's pull mirrors, with when each runs next and its last run",
    request: { params },
    responses: { 200: dataResponse(z.array(MirrorOut), "the stored mirrors"), 404: errorResponse("no such user") },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      await requireUser(db, userId);
      return ok(c, (await listMirrors(db, userId)).map(mirrorJson));
    },
);
