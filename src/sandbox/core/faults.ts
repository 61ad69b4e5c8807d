import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { sleep } from "../../clock.ts";
import { isInternal, type SandboxEnv } from "./env.ts";

/** A fault rule: matching requests fail, slow down or hang. */
export interface FaultRule {
  id: string;
  /** Exact method, or any. */
  method: string | null;
  /** A regular expression matched against the path, e.g. `^/v1/blocks/.+/children$`; null: every path. */
  path: string | null;
  /** Answer with this status and code instead of the real response. */
  status: number | null;
  code: string | null;
  message: string | null;
  retryAfterSeconds: number | null;
  latencyMs: number;
  /** Hold the request this long without answering (a timeout for the client), then answer 504. */
  hangMs: number;
  /** Chance (0..1) that a matching request is affected. */
  probability: number;
  /** Affect only the next N matching requests; null: until removed. */
  remaining: number | null;
  hits: number;
}

export type FaultInput = Partial<Omit<FaultRule, "id" | "hits">>;

export class Faults {
  rules: FaultRule[] = [];
  /** Each rule's path pattern, compiled once when the rule is added. */
  private patterns = new Map<string, RegExp>();

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = {
      id: randomUUID(),
      method: input.method?.toUpperCase() ?? null,
      path: input.path ?? null,
      status: input.status ?? null,
      code: input.code ?? null,
      message: input.message ?? null,
      retryAfterSeconds: input.retryAfterSeconds ?? null,
      latencyMs: input.latencyMs ?? 0,
      hangMs: input.hangMs ?? 0,
      probability: input.probability ?? 1,
      remaining: input.remaining ?? null,
      hits: 0,
    };
    this.rules.push(rule);
    if (rule.path) this.patterns.set(rule.id, new RegExp(rule.path));
    return rule;
  }

  clear(): void {
    this.rules = [];
    this.patterns.clear();
  }

  /** The first rule that applies to this request, counting it; exhausted rules disappear. */
  take(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method) continue;
      if (rule.path && !this.patterns.get(rule.id)?.test(path)) continue;
      if (this.random() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== null) {
        rule.remaining--;
        if (rule.remaining <= 0) {
          this.rules = this.rules.filter((r) => r !== rule);
          this.patterns.delete(rule.id);
        }
      }
      return rule;
    }
    return undefined;
  }
}

/** How a module words an injected failure on its paths, and the answer after a hang. */
export interface FaultShape {
  error(c: Context, rule: FaultRule & { status: number }): Response;
  timeout(c: Context): Response;
}

/**
 * Applies fault rules to module paths (never to the control API or the view): `shapeFor` names the
 * fault shape of the module that claims the path, or undefined for paths no module claims.
 */
export function faultInjection(faults: Faults, shapeFor: (path: string) => FaultShape | undefined): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (isInternal(c)) return next();
    const shape = shapeFor(c.req.path);
    if (!shape) return next();
    const rule = faults.take(c.req.method, c.req.path);
    if (!rule) return next();
    if (rule.latencyMs > 0) await sleep(rule.latencyMs);
    if (rule.hangMs > 0) {
      await sleep(rule.hangMs, c.req.raw.signal);
      return shape.timeout(c);
    }
    if (rule.status === null) return next();
    if (rule.retryAfterSeconds !== null) c.header("Retry-After", String(rule.retryAfterSeconds));
    return shape.error(c, { ...rule, status: rule.status });
  };
}
