import type { Hono } from "hono";
import type { Db } from "../../db/types.ts";
import { FerryError } from "../../errors.ts";
import type { AppEnv } from "../app.ts";
import { fail, ok } from "../envelope.ts";

/** GET /health — public; 200 when the database answers, 503 when it does not. */
export function healthRoute(app: Hono<AppEnv>, deps: { db: Db; version: string }): void {
  app.get("/health", async (c) => {
    const started = performance.now();
    try {
      await deps.db.query("SELECT 1");
    } catch {
      return fail(c, new FerryError("database_unavailable", "the database is not reachable"));
    }
    return ok(c, {
      status: "ok",
      version: deps.version,
      database: { driver: deps.db.driver, latency_ms: Math.round((performance.now() - started) * 100) / 100 },
    });
  });
}
