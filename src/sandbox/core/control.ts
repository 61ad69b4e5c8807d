import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "./env.ts";
import type { Faults } from "./faults.ts";
import { parsedBody } from "./json.ts";
import type { SandboxInstance } from "./module.ts";
import type { RequestLog } from "./request-log.ts";

const faultBody = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .optional(),
    path: z
      .string()
      .max(500)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, "expected a regular expression")
      .optional(),
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().max(100).optional(),
    message: z.string().max(1000).optional(),
    retry_after_seconds: z.number().int().min(0).max(3600).optional(),
    latency_ms: z.number().int().min(0).max(60_000).optional(),
    hang_ms: z.number().int().min(0).max(300_000).optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
  })
  .strict();

/** What the core's control routes work on. */
export interface CoreControl {
  faults: Faults;
  log: RequestLog;
  /** Every module's instance by module id, in module order. */
  instances: ReadonlyMap<string, SandboxInstance>;
}

/** `/__sandbox/faults`: add, list and remove fault rules. */
function faultRoutes(app: Hono<SandboxEnv>, faults: Faults): void {
  app.post("/__sandbox/faults", async (c) => {
    const f = await parsedBody(c, faultBody);
    if (f instanceof Response) return f;
    const rule = faults.add({
      method: f.method,
      path: f.path,
      status: f.status,
      code: f.code,
      message: f.message,
      retryAfterSeconds: f.retry_after_seconds,
      latencyMs: f.latency_ms,
      hangMs: f.hang_ms,
      probability: f.probability,
      remaining: f.count,
    });
    return c.json(rule, 201);
  });

  app.get("/__sandbox/faults", (c) => c.json({ rules: faults.rules }));

  app.delete("/__sandbox/faults", (c) => {
    faults.clear();
    return c.json({ ok: true });
  });
}

/** `/__sandbox/rate-limits`: every module's settings under its id, read and changed in one call. */
function rateLimitRoutes(app: Hono<SandboxEnv>, instances: ReadonlyMap<string, SandboxInstance>): void {
  const limited = [...instances].flatMap(([id, i]) => (i.rateLimits ? [[id, i.rateLimits] as const] : []));
  const body = z.object(Object.fromEntries(limited.map(([id, r]) => [id, r.body.optional()]))).strict();
  const current = () => Object.fromEntries(limited.map(([id, r]) => [id, r.get()]));

  app.get("/__sandbox/rate-limits", (c) => c.json(current()));

  app.put("/__sandbox/rate-limits", async (c) => {
    const parsed = (await parsedBody(c, body)) as Record<string, unknown> | Response;
    if (parsed instanceof Response) return parsed;
    for (const [id, r] of limited) if (parsed[id] !== undefined) r.set(parsed[id]);
    return c.json(current());
  });
}

/** The control routes no module owns: reset, fault rules, the request log, rate limits. */
export function coreControlRoutes(app: Hono<SandboxEnv>, core: CoreControl): void {
  app.post("/__sandbox/reset", (c) => {
    for (const instance of core.instances.values()) instance.reset();
    core.log.clear();
    core.faults.clear();
    return c.json({ ok: true });
  });

  faultRoutes(app, core.faults);
  rateLimitRoutes(app, core.instances);

  app.get("/__sandbox/requests", (c) => {
    const wanted = Number(c.req.query("limit") ?? 100) || 100;
    return c.json(core.log.summary(Math.min(Math.max(wanted, 1), Math.max(core.log.limit, 1))));
  });
}
