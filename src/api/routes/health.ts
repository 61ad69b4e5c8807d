import { createRoute, z } from "@hono/zod-openapi";
import { FerryError } from "../../errors.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";

const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  database: z.object({ driver: z.enum(["postgres", "pglite"]), latency_ms: z.number() }),
});

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["service"],
  summary: "Service and database health",
  description: "Public. Runs `SELECT 1` on the database: 200 when it answers, 503 `database_unavailable` when it does not.",
  responses: {
    200: dataResponse(Health, "the service and its database are up"),
    503: errorResponse("the database does not answer"),
  },
});

export const health = endpoint(route, ({ db, version }) => async (c) => {
  const started = performance.now();
  try {
    await db.query("SELECT 1");
  } catch (err) {
    throw new FerryError("database_unavailable", "the database is not reachable", undefined, { cause: err });
  }
  const latency = Math.round((performance.now() - started) * 100) / 100;
  return ok(c, { status: "ok" as const, version, database: { driver: db.driver, latency_ms: latency } });
});
