import { z } from "zod";

/**
 * Every environment variable Ferry reads, as data: the config loader parses them,
 * `.env.example` and the README's table are checked against this list by a test.
 * `aliases` are the names the seed systems used; the first name set wins.
 */
export interface VariableSpec<T> {
  aliases?: readonly string[];
  /** One line for `.env.example` and the README. */
  doc: string;
  /** Shown in docs; the schema applies the actual default. */
  defaultText?: string;
  schema: z.ZodType<T>;
  secret?: boolean;
}

const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(fallback);

const postgresUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "expected a URL like postgres://user:password@host:5432/database")
  .optional();

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "expected a lower-case SQL identifier (letters, digits, underscore)");

function spec<T>(s: VariableSpec<T>): VariableSpec<T> {
  return s;
}

export const VARIABLES = {
  DATABASE_URL: spec({
    doc: "PostgreSQL server to use. Unset: an embedded PGlite database in FERRY_DATA_DIR (one process only).",
    schema: postgresUrl,
    secret: true,
  }),
  FERRY_DATA_DIR: spec({
    doc: "Folder for the embedded database when DATABASE_URL is unset.",
    defaultText: "./.ferry",
    schema: z.string().min(1).default("./.ferry"),
  }),
  FERRY_DB_SCHEMA: spec({
    doc: "PostgreSQL schema that holds Ferry's tables and functions.",
    defaultText: "ferry",
    schema: identifier.default("ferry"),
  }),
  DATABASE_POOL_SIZE: spec({
    doc: "Connections per Ferry process (node-postgres pool size).",
    defaultText: "10",
    schema: int(2, 200, 10),
  }),
  HOST: spec({
    doc: "Address the HTTP server binds to (0.0.0.0 to accept outside connections, e.g. in a container).",
    defaultText: "127.0.0.1",
    schema: z.string().min(1).default("127.0.0.1"),
  }),
  PORT: spec({
    doc: "HTTP port.",
    defaultText: "3000",
    schema: int(0, 65535, 3000),
  }),
  ACTION_API_TOKEN: spec({
    doc: "Bearer token for everything under /v1/ of the HTTP API. Unset: a development token is generated in FERRY_DATA_DIR when running with no DATABASE_URL; with one, /v1/ answers 503.",
    schema: z.string().min(16, "expected at least 16 characters").optional(),
    secret: true,
  }),
  API_MAX_BODY_BYTES: spec({
    doc: "Largest request body the HTTP API accepts, in bytes; larger ones get 413.",
    defaultText: "1048576",
    schema: int(1024, 100 * 1024 * 1024, 1024 * 1024),
  }),
  FERRY_ROLE: spec({
    doc: "What `ferry start` runs: api (HTTP only), worker (jobs only) or all.",
    defaultText: "all",
    schema: z.enum(["api", "worker", "all"], { error: "expected api, worker or all" }).default("all"),
  }),
  LOG_LEVEL: spec({
    doc: "pino log level: fatal, error, warn, info, debug, trace or silent.",
    defaultText: "info",
    schema: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "expected fatal, error, warn, info, debug, trace or silent",
      })
      .default("info"),
  }),
  LOG_FORMAT: spec({
    doc: "json (one JSON object per line), pretty (for people), or auto (pretty on a terminal, JSON otherwise).",
    defaultText: "auto",
    schema: z.enum(["json", "pretty", "auto"], { error: "expected json, pretty or auto" }).default("auto"),
  }),
  WORKER_SECRET: spec({
    doc: "Shared secret for POST /api/worker/process-jobs (serverless cron). Unset: that endpoint is disabled.",
    schema: z.string().min(16, "expected at least 16 characters").optional(),
    secret: true,
  }),
  WORKER_CONCURRENCY: spec({
    doc: "Jobs one worker process runs at the same time.",
    defaultText: "10",
    schema: int(1, 1000, 10),
  }),
  WORKER_BATCH_SIZE: spec({
    doc: "Jobs claimed (and completed) per round trip.",
    defaultText: "20",
    schema: int(1, 1000, 20),
  }),
  WORKER_QUEUES: spec({
    doc: "Comma-separated queues this process's workers take jobs from.",
    defaultText: "default",
    schema: z
      .string()
      .default("default")
      .transform((v) => v.split(",").map((q) => q.trim()))
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "expected queue names like default or sync.notion")).min(1)),
  }),
  JOB_LEASE_SECONDS: spec({
    doc: "How long a claimed job stays leased without a heartbeat before another worker may take it.",
    defaultText: "30",
    schema: int(2, 3600, 30),
  }),
  JOB_POLL_INTERVAL_MS: spec({
    doc: "Polling fallback when no LISTEN/NOTIFY wake-up arrives.",
    defaultText: "2000",
    schema: int(50, 60000, 2000),
  }),
  SHUTDOWN_GRACE_SECONDS: spec({
    doc: "On SIGTERM/SIGINT, how long in-flight jobs may finish before they are released.",
    defaultText: "25",
    schema: int(0, 3600, 25),
  }),
  JOB_RETENTION_DAYS: spec({
    doc: "Completed jobs are deleted after this many days (0 = delete on completion).",
    defaultText: "7",
    schema: int(0, 3650, 7),
  }),
  DEAD_LETTER_RETENTION_DAYS: spec({
    doc: "Dead-lettered jobs are deleted after this many days (0 = keep until discarded).",
    defaultText: "30",
    schema: int(0, 3650, 30),
  }),
} as const;

export type VariableName = keyof typeof VARIABLES;
export type RawValues = { [K in VariableName]: z.output<(typeof VARIABLES)[K]["schema"]> };
