import { describeIssues, type FieldIssue, ValidationError } from "../errors.ts";
import { type RawValues, VARIABLES, type VariableSpec } from "./variables.ts";

export type Role = "api" | "worker" | "all";

/** Typed options handed down from the entrypoint. Nothing below the entrypoint reads `process.env`. */
export interface Config {
  database: { url: string | undefined; dataDir: string; schema: string; poolSize: number };
  http: { host: string; port: number; apiToken: string | undefined; maxBodyBytes: number };
  /**
   * Sandbox mode: nothing external configured (no DATABASE_URL; provider credentials, once they
   * exist, will count too). Ferry then favours getting started over locking down, e.g. it
   * generates a development API token instead of refusing /v1/.
   */
  sandbox: boolean;
  log: { level: RawValues["LOG_LEVEL"]; format: RawValues["LOG_FORMAT"] };
  role: Role;
  worker: {
    concurrency: number;
    batchSize: number;
    queues: string[];
    leaseMs: number;
    pollIntervalMs: number;
    shutdownGraceMs: number;
    secret: string | undefined;
  };
  retention: { completedDays: number; deadLetterDays: number };
}

export type Env = Record<string, string | undefined>;

type Table = Record<string, VariableSpec<unknown>>;

/** Which name a variable was read from: its own, or one of its seed aliases (first set wins). */
function pick(env: Env, name: string, spec: VariableSpec<unknown>): { from: string; value: string | undefined } {
  const names = [name, ...(spec.aliases ?? [])];
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== "") return { from: n, value: v.trim() };
  }
  return { from: name, value: undefined };
}

/** Parses every variable of `table`, collecting all problems; throws one ValidationError naming each variable. */
export function parseVariables<T extends Table>(env: Env, table: T): { [K in keyof T]: unknown } {
  const issues: FieldIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const { from, value } = pick(env, name, spec);
    const result = spec.schema.safeParse(value);
    if (result.success) {
      out[name] = result.data;
    } else {
      const message = result.error.issues.map((i) => i.message).join(", ");
      issues.push({ field: from, message: `${message}${spec.secret ? "" : ` (got ${JSON.stringify(value)})`}` });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(`invalid configuration: ${describeIssues(issues)}`, issues, "invalid_config");
  }
  return out as { [K in keyof T]: unknown };
}

export function loadConfig(env: Env): Config {
  const v = parseVariables(env, VARIABLES as unknown as Table) as RawValues;
  return {
    database: { url: v.DATABASE_URL, dataDir: v.FERRY_DATA_DIR, schema: v.FERRY_DB_SCHEMA, poolSize: v.DATABASE_POOL_SIZE },
    http: { host: v.HOST, port: v.PORT, apiToken: v.ACTION_API_TOKEN, maxBodyBytes: v.API_MAX_BODY_BYTES },
    sandbox: v.DATABASE_URL === undefined,
    log: { level: v.LOG_LEVEL, format: v.LOG_FORMAT },
    role: v.FERRY_ROLE,
    worker: {
      concurrency: v.WORKER_CONCURRENCY,
      batchSize: v.WORKER_BATCH_SIZE,
      queues: v.WORKER_QUEUES,
      leaseMs: v.JOB_LEASE_SECONDS * 1000,
      pollIntervalMs: v.JOB_POLL_INTERVAL_MS,
      shutdownGraceMs: v.SHUTDOWN_GRACE_SECONDS * 1000,
      secret: v.WORKER_SECRET,
    },
    retention: { completedDays: v.JOB_RETENTION_DAYS, deadLetterDays: v.DEAD_LETTER_RETENTION_DAYS },
  };
}
