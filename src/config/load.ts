import type { DatabaseOptions } from "../db/open.ts";
import { describeIssues, type FieldIssue, ValidationError } from "../errors.ts";
import { type CallPolicy, DEFAULT_POLICY } from "../http-client/policy.ts";
import { type ConfiguredProvider, PROVIDERS } from "../providers/registry.ts";
import type { ProviderDescriptor } from "../providers/types.ts";
import type { SchedulerSettings } from "../scheduler/settings.ts";
import { tierNamed } from "../scheduler/tiers.ts";
import type { VariableSpec } from "../settings/spec.ts";
import type { VaultKeys } from "../vault/open.ts";
import { allVariables, type RawValues } from "./variables.ts";

export type Role = "api" | "worker" | "all";

/** Typed options handed down from the entrypoint. Nothing below the entrypoint reads `process.env`. */
export interface Config {
  database: DatabaseOptions;
  http: { host: string; port: number; apiToken: string | undefined; maxBodyBytes: number };
  /**
   * Sandbox mode: nothing external configured (no DATABASE_URL; provider credentials, once they
   * exist, will count too). Ferry then favours getting started over locking down, e.g. it
   * generates a development API token instead of refusing /v1/.
   */
  sandbox: boolean;
  log: { level: RawValues["LOG_LEVEL"]; format: RawValues["LOG_FORMAT"] };
  role: Role;
  /** Whether `ferry start` seeds the demo (FERRY_DEMO; `auto`: no DATABASE_URL and no provider credentials). */
  demo: boolean;
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
  /** Ferry's public origin (connect links, OAuth callbacks). */
  publicUrl: string;
  push: { appName: string; deletionPolicy: "archive" | "leave"; trashedPolicy: "recreate" | "report" };
  pull: { schema: string; intervalMinutes: number; trashedPolicy: "mark" | "delete" };
  calendar: { batchSize: number; pollIntervalMs: number; maxRetries: number; retentionDays: number };
  /** The fair scheduler (src/scheduler/): tiers, how often it ticks, how far ahead it fills the quota. */
  scheduler: SchedulerSettings;
  connect: {
    /** Where the browser returns when a session names no return URL: FRONTEND_URL/settings, or Ferry's own result page. */
    defaultReturnUrl: string;
    /** Allowed return origins (FRONTEND_URL's included). */
    returnOrigins: string[];
    sessionSecret: string | undefined;
    sessionTtlMs: number;
  };
  providers: {
    /** Every provider of the registry with its settings, live or for the sandbox. */
    configured: readonly ConfiguredProvider[];
    /** Port of the built-in sandbox, used for providers without credentials. */
    sandboxPort: number;
    /** How hard every provider call is tried (PROVIDER_*); the defaults are the call layer's. */
    policy: CallPolicy;
  };
  /** Token vault keys as given (already checked to be 32-byte keys); src/vault/open.ts turns them into a KeyRing. */
  vault: VaultKeys;
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

/** Parses every variable of `table`: the values that parsed, and one issue per variable that did not. */
function collectVariables(env: Env, table: Table): { values: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const { from, value } = pick(env, name, spec);
    const result = spec.schema.safeParse(value);
    if (result.success) {
      values[name] = result.data;
    } else {
      const message = result.error.issues.map((i) => i.message).join(", ");
      issues.push({ field: from, message: `${message}${spec.secret ? "" : ` (got ${JSON.stringify(value)})`}` });
    }
  }
  return { values, issues };
}

const invalid = (issues: FieldIssue[]) => new ValidationError(`invalid configuration: ${describeIssues(issues)}`, issues, "invalid_config");

/** Parses every variable of `table`, collecting all problems; throws one ValidationError naming each variable. */
export function parseVariables<T extends Table>(env: Env, table: T): { [K in keyof T]: unknown } {
  const { values, issues } = collectVariables(env, table);
  if (issues.length > 0) throw invalid(issues);
  return values as { [K in keyof T]: unknown };
}

const origin = (url: string) => new URL(url).origin;

/** Parses the environment (the core's variables and every provider's) into the typed Config, naming every problem at once. */
export function loadConfig(env: Env, providers: readonly ProviderDescriptor[] = PROVIDERS): Config {
  const { values: all, issues } = collectVariables(env, allVariables(providers) as Table);
  const v = all as RawValues;
  const publicUrl = (v.PUBLIC_URL ?? `http://${v.HOST === "0.0.0.0" || v.HOST === "::" ? "127.0.0.1" : v.HOST}:${v.PORT}`).replace(
    /\/+$/,
    "",
  );
  const frontendUrl = v.FRONTEND_URL?.replace(/\/+$/, "");
  const defaultReturnUrl = frontendUrl ? `${frontendUrl}/settings` : `${publicUrl}/oauth/result`;
  const configured = providers.map((descriptor): ConfiguredProvider => {
    const { settings, issues: found } = descriptor.settings(all, { publicUrl });
    issues.push(...found);
    return { descriptor, settings, live: descriptor.hasCredentials(settings) };
  });
  if (v.SYNC_TIERS && !tierNamed(v.SYNC_TIERS, v.SYNC_DEFAULT_TIER))
    issues.push({
      field: "SYNC_DEFAULT_TIER",
      message: `no tier ${v.SYNC_DEFAULT_TIER} in SYNC_TIERS (${v.SYNC_TIERS.map((t) => t.name).join(", ")})`,
    });
  if (issues.length > 0) throw invalid(issues);
  return {
    database: { url: v.DATABASE_URL, dataDir: v.FERRY_DATA_DIR, schema: v.FERRY_DB_SCHEMA, poolSize: v.DATABASE_POOL_SIZE },
    http: { host: v.HOST, port: v.PORT, apiToken: v.ACTION_API_TOKEN, maxBodyBytes: v.API_MAX_BODY_BYTES },
    sandbox: v.DATABASE_URL === undefined,
    log: { level: v.LOG_LEVEL, format: v.LOG_FORMAT },
    role: v.FERRY_ROLE,
    demo: v.FERRY_DEMO === "on" || (v.FERRY_DEMO === "auto" && v.DATABASE_URL === undefined && configured.every((p) => !p.live)),
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
    publicUrl,
    push: { appName: v.APP_NAME, deletionPolicy: v.PUSH_DELETION_POLICY, trashedPolicy: v.PUSH_TRASHED_POLICY },
    pull: { schema: v.PULL_SCHEMA, intervalMinutes: v.PULL_INTERVAL_MINUTES, trashedPolicy: v.PULL_TRASHED_POLICY },
    scheduler: {
      tiers: v.SYNC_TIERS,
      defaultTier: v.SYNC_DEFAULT_TIER,
      tickMs: v.SCHEDULER_TICK_SECONDS * 1000,
      windowMs: v.SCHEDULER_WINDOW_SECONDS * 1000,
      syncNowShare: v.SCHEDULER_SYNC_NOW_SHARE,
      maxRunCalls: v.SCHEDULER_MAX_RUN_CALLS,
    },
    calendar: {
      batchSize: v.CALENDAR_SYNC_BATCH_SIZE,
      pollIntervalMs: v.CALENDAR_SYNC_POLL_INTERVAL_MS,
      maxRetries: v.CALENDAR_SYNC_MAX_RETRIES,
      retentionDays: v.CALENDAR_OUTBOX_RETENTION_DAYS,
    },
    connect: {
      defaultReturnUrl,
      returnOrigins: [...new Set([origin(defaultReturnUrl), ...v.RETURN_URL_ALLOWLIST.map(origin)])],
      sessionSecret: v.SESSION_SECRET,
      sessionTtlMs: v.CONNECT_SESSION_TTL_SECONDS * 1000,
    },
    providers: {
      configured,
      sandboxPort: v.SANDBOX_PORT,
      policy: {
        ...DEFAULT_POLICY,
        maxAttempts: v.PROVIDER_MAX_ATTEMPTS,
        timeoutMs: v.PROVIDER_TIMEOUT_MS,
        deadlineMs: v.PROVIDER_DEADLINE_MS,
      },
    },
    vault: { key: v.TOKEN_ENCRYPTION_KEY, oldKeys: v.TOKEN_ENCRYPTION_OLD_KEYS },
  };
}
