import type { Queryable } from "../db/types.ts";
import { describeIssues, FerryError, fieldIssues, ValidationError } from "../errors.ts";
import { checkPolicy, DEFAULT_SCHEDULE, type RetryPolicy } from "./retry.ts";
import type { JobDefinition } from "./types.ts";

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface ResolvedDefinition extends JobDefinition {
  maxAttempts: number;
  retry: RetryPolicy;
  queue: string;
  priority: number;
}

const TYPE_NAME = /^[a-z][a-z0-9_.-]{0,99}$/;

/** Job types known to this process. API processes use it to validate enqueues; workers to run jobs. */
export class JobRegistry {
  private readonly defs = new Map<string, ResolvedDefinition>();

  register<P>(def: JobDefinition<P>): this {
    const invalid = (message: string) => new FerryError("invalid_config", `job type "${def.type}": ${message}`, { type: def.type });
    if (!TYPE_NAME.test(def.type)) throw invalid(`the name must match ${TYPE_NAME}`);
    if (this.defs.has(def.type)) throw invalid("registered twice");
    const retry = def.retry ?? DEFAULT_SCHEDULE;
    const problem = checkPolicy(retry);
    if (problem) throw invalid(problem);
    const maxAttempts = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw invalid("maxAttempts must be ≥ 1");
    this.defs.set(def.type, {
      ...(def as JobDefinition),
      maxAttempts,
      retry,
      queue: def.queue ?? "default",
      priority: def.priority ?? 0,
    });
    return this;
  }

  has(type: string): boolean {
    return this.defs.has(type);
  }

  get(type: string): ResolvedDefinition {
    const def = this.defs.get(type);
    if (!def) {
      throw new FerryError("unknown_job_type", `unknown job type "${type}"; known types: ${[...this.defs.keys()].join(", ") || "(none)"}`, {
        field: "type",
        type,
      });
    }
    return def;
  }

  types(): string[] {
    return [...this.defs.keys()];
  }

  /** Validates a payload against its type's schema; the error names each failing field. */
  parsePayload(type: string, payload: unknown): unknown {
    const def = this.get(type);
    const result = def.payload.safeParse(payload);
    if (!result.success) {
      const issues = fieldIssues(result.error.issues, "payload");
      throw new ValidationError(`invalid payload for job type "${type}": ${describeIssues(issues)}`, issues);
    }
    return result.data;
  }

  /** Records the types in the database so the SQL `enqueue()` function can check and default them. */
  async publish(db: Queryable): Promise<void> {
    const defs = [...this.defs.values()];
    if (defs.length === 0) return;
    await db.query(
      `INSERT INTO job_types (type, queue, priority, max_attempts, retry, updated_at)
       SELECT * , now() FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::jsonb[])
       ON CONFLICT (type) DO UPDATE SET queue = EXCLUDED.queue, priority = EXCLUDED.priority,
         max_attempts = EXCLUDED.max_attempts, retry = EXCLUDED.retry, updated_at = now()
       WHERE (job_types.queue, job_types.priority, job_types.max_attempts, job_types.retry)
         IS DISTINCT FROM (EXCLUDED.queue, EXCLUDED.priority, EXCLUDED.max_attempts, EXCLUDED.retry)`,
      [
        defs.map((d) => d.type),
        defs.map((d) => d.queue),
        defs.map((d) => d.priority),
        defs.map((d) => d.maxAttempts),
        defs.map((d) => JSON.stringify(d.retry)),
      ],
    );
  }
}
