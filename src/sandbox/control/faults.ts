import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import { applyGoogleLimits, googleLimitsBody } from "../google/quota.ts";
import type { SandboxState } from "../state.ts";
import { parsedBody } from "./json.ts";

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

const limitsBody = z
  .object({
    google: googleLimitsBody.optional(),
    notion: z
      .object({
        enabled: z.boolean().optional(),
        rate: z.number().positive().max(10_000).optional(),
        burst: z.number().int().min(1).max(100_000).optional(),
        workspace_rate: z.number().positive().max(10_000).optional(),
        workspace_burst: z.number().int().min(1).max(100_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Fault injection and rate-limit settings under /__sandbox/. */
export function faultRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post("/__sandbox/faults", async (c) => {
    const f = await parsedBody(c, faultBody);
    if (f instanceof Response) return f;
    const rule = state.faults.add({
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

  app.get("/__sandbox/faults", (c) => c.json({ rules: state.faults.rules }));

  app.delete("/__sandbox/faults", (c) => {
    state.faults.clear();
    return c.json({ ok: true });
  });

  const limits = () => ({ notion: state.notionLimits.settings, google: state.google.limits });
  app.get("/__sandbox/rate-limits", (c) => c.json(limits()));

  app.put("/__sandbox/rate-limits", async (c) => {
    const parsed = await parsedBody(c, limitsBody);
    if (parsed instanceof Response) return parsed;
    const n = parsed.notion ?? {};
    const s = state.notionLimits.settings;
    state.notionLimits.settings = {
      enabled: n.enabled ?? s.enabled,
      rate: n.rate ?? s.rate,
      burst: n.burst ?? s.burst,
      workspaceRate: n.workspace_rate ?? s.workspaceRate,
      workspaceBurst: n.workspace_burst ?? s.workspaceBurst,
    };
    if (parsed.google) applyGoogleLimits(state, parsed.google);
    return c.json(limits());
  });
}
