import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import { FerryError } from "../../errors.ts";
import { getRun, listRuns } from "../../sync/pull/runs.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { UserId } from "./connection-schemas.ts";
import { PullRunOut, runJson } from "./pull-schemas.ts";

const RunId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "expected a run id (a UUID)")
  .openapi({ param: { name: "runId", in: "path" } });

export const getPullRun = endpoint(
  createRoute({
    method: "get",
    path: "/v1/notion/pull-runs/{runId}",
    tags: ["pull sync"],
    summary: "One pull run: its status, progress while it runs, and its result",
    request: { params: z.object({ runId: RunId }) },
    responses: { 200: dataResponse(PullRunOut, "the run"), 404: errorResponse("no such run (finished runs are kept 30 days)") },
  }),
  ({ db }) =>
    async (c) => {
      const { runId } = c.req.valid("param");
      const run = await getRun(db, runId);
      if (!run) throw new FerryError("not_found", `no pull run ${runId}`);
      return ok(c, runJson(run));
    },
);

export const listPullRuns = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}/pull-runs",
    tags: ["pull sync"],
    summary: "A user's latest pull runs, newest first",
    request: {
      params: z.object({ userId: UserId }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    },
    responses: { 200: dataResponse(z.array(PullRunOut), "the runs"), 404: errorResponse("no such user") },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      await requireUser(db, userId);
      return ok(c, (await listRuns(db, userId, limit)).map(runJson));
    },
);
