import { z } from "zod";
import type { ProviderDescriptor } from "../providers/types.ts";
import { TIER_NAME, tiersSchema } from "../scheduler/tiers.ts";
import { httpUrl, int, spec, type VariableTable } from "../settings/spec.ts";
import { decodeKey, KEY_FORMATS } from "../vault/keys.ts";

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

const encryptionKey = z.string().refine((v) => decodeKey(v) !== undefined, KEY_FORMATS);

/** Comma-separated keys; an error names the position of a bad one, never its value. */
const encryptionKeyList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k !== ""),
  )
  .check((ctx) => {
    ctx.value.forEach((k, i) => {
      if (decodeKey(k) === undefined)
        ctx.issues.push({ code: "custom", input: "", message: `key ${i + 1} of ${ctx.value.length}: ${KEY_FORMATS}` });
    });
  });

/**
 * The core's environment variables, as data (each provider declares its own in its folder; see
 * `allVariables`). The config loader parses them; `.env.example` and the README's table are
 * checked against the full list by a test. `aliases` are the names the seed systems used.
 */
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
  FERRY_DEMO: spec({
    doc: "Whether `ferry start` (role all) seeds the demo user `demo` with sample notes and syncs them to the sandbox's Notion: auto (only with nothing configured: no DATABASE_URL, no provider credentials), on, or off.",
    defaultText: "auto",
    schema: z.enum(["auto", "on", "off"], { error: "expected auto, on or off" }).default("auto"),
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
  PUBLIC_URL: spec({
    aliases: ["PUBLIC_BASE_URL", "NEXT_PUBLIC_APP_URL"],
    doc: "Ferry's own public origin, used for connect links and OAuth callback URLs.",
    defaultText: "http://127.0.0.1:$PORT",
    schema: httpUrl.optional(),
  }),
  FRONTEND_URL: spec({
    doc: "The app's origin: the browser returns to FRONTEND_URL/settings after connecting unless the session names a return URL; an allowed return origin. Unset: Ferry's own result page, /oauth/result.",
    schema: httpUrl.optional(),
  }),
  RETURN_URL_ALLOWLIST: spec({
    doc: "More origins a connect session's return_url may point to, comma-separated (FRONTEND_URL is always allowed).",
    schema: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(httpUrl)),
  }),
  SESSION_SECRET: spec({
    doc: "Key for the OAuth state cookie (at least 32 characters). Unset: a development secret is generated in FERRY_DATA_DIR (refused with DATABASE_URL).",
    schema: z.string().min(32, "expected at least 32 characters").optional(),
    secret: true,
  }),
  CONNECT_SESSION_TTL_SECONDS: spec({
    doc: "How long a connect link stays valid.",
    defaultText: "900",
    schema: int(60, 86400, 900),
  }),
  SANDBOX_PORT: spec({
    doc: "Port of the built-in provider sandbox, started when a provider has no credentials (0 picks a free one).",
    defaultText: "4010",
    schema: int(0, 65535, 4010),
  }),
  PROVIDER_MAX_ATTEMPTS: spec({
    doc: "Attempts per provider call (rate limits, 5xx and network errors are retried with backoff).",
    defaultText: "5",
    schema: int(1, 20, 5),
  }),
  PROVIDER_TIMEOUT_MS: spec({
    doc: "Timeout of one HTTP request to a provider.",
    defaultText: "30000",
    schema: int(1000, 600_000, 30_000),
  }),
  PROVIDER_DEADLINE_MS: spec({
    doc: "A provider call gives up after this long, waits and retries included; the job is then retried later.",
    defaultText: "120000",
    schema: int(1000, 3_600_000, 120_000),
  }),
  APP_NAME: spec({
    doc: 'Your app\'s name: the Notion root page Ferry creates is called "<APP_NAME> Sync".',
    defaultText: "Ferry",
    schema: z.string().min(1).max(100).default("Ferry"),
  }),
  PUSH_DELETION_POLICY: spec({
    doc: "What push sync does with the page of a node deleted in the app: archive (move to Notion's trash) or leave.",
    defaultText: "archive",
    schema: z.enum(["archive", "leave"], { error: "expected archive or leave" }).default("archive"),
  }),
  PUSH_TRASHED_POLICY: spec({
    doc: "What push sync does when the user trashed or deleted a synced page in Notion: recreate it, or report it (status missing).",
    defaultText: "recreate",
    schema: z.enum(["recreate", "report"], { error: "expected recreate or report" }).default("recreate"),
  }),
  PULL_SCHEMA: spec({
    doc: "PostgreSQL schema of the pull sync's mirror tables, for mirrors that do not name one (created if missing).",
    defaultText: "notion",
    schema: identifier.default("notion"),
  }),
  PULL_INTERVAL_MINUTES: spec({
    doc: "How often the scheduler pulls each stored mirror that sets no interval of its own, in minutes.",
    defaultText: "15",
    schema: int(1, 43_200, 15),
  }),
  PULL_TRASHED_POLICY: spec({
    doc: "What pull sync does with rows whose Notion page is in the trash: mark them (in_trash = true) or delete them from the mirror table.",
    defaultText: "mark",
    schema: z.enum(["mark", "delete"], { error: "expected mark or delete" }).default("mark"),
  }),
  SYNC_TIERS: spec({
    doc: "Scheduling tiers: name=interval pairs (s, m, h, d). A user's background sync is due once per its tier's interval.",
    defaultText: "paid=15m,free=24h",
    schema: tiersSchema("paid=15m,free=24h"),
  }),
  SYNC_DEFAULT_TIER: spec({
    doc: "The tier of users registered without one (one of SYNC_TIERS).",
    defaultText: "free",
    schema: z.string().regex(TIER_NAME, "expected a tier name").default("free"),
  }),
  SCHEDULER_TICK_SECONDS: spec({
    doc: "How often the scheduler's leader admits due background syncs.",
    defaultText: "5",
    schema: int(1, 3600, 5),
  }),
  SCHEDULER_WINDOW_SECONDS: spec({
    doc: "How far ahead the scheduler fills the quota: it keeps at most the calls of this many seconds in flight.",
    defaultText: "60",
    schema: int(5, 3600, 60),
  }),
  SCHEDULER_MAX_RUN_CALLS: spec({
    doc: "The most provider calls one background run makes; a bigger sync (a first sync of thousands of pages) continues in later turns.",
    defaultText: "150",
    schema: int(10, 100_000, 150),
  }),
  SCHEDULER_SYNC_NOW_SHARE: spec({
    doc: "Share of the provider's quota background syncs leave for Sync now (0 to 0.9).",
    defaultText: "0.2",
    schema: z.coerce.number({ error: "expected a number" }).min(0, "expected at least 0").max(0.9, "expected at most 0.9").default(0.2),
  }),
  CALENDAR_SYNC_BATCH_SIZE: spec({
    doc: "Calendar outbox rows one drain claims and applies at once (seed 002).",
    defaultText: "10",
    schema: int(1, 500, 10),
  }),
  CALENDAR_SYNC_POLL_INTERVAL_MS: spec({
    doc: "How often each worker process looks for calendar outbox rows that are due (new rows wake a drain at once).",
    defaultText: "5000",
    schema: int(100, 3_600_000, 5000),
  }),
  CALENDAR_SYNC_MAX_RETRIES: spec({
    doc: "Attempts of a calendar outbox row before it is dead-lettered (backoff 1 s, 2 s, 4 s ... capped at one hour).",
    defaultText: "5",
    schema: int(1, 100, 5),
  }),
  CALENDAR_OUTBOX_RETENTION_DAYS: spec({
    doc: "Finished calendar outbox rows (COMPLETED, DEAD_LETTER) are deleted after this many days (0 = keep).",
    defaultText: "30",
    schema: int(0, 3650, 30),
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
  TOKEN_ENCRYPTION_KEY: spec({
    aliases: ["NOTION_TOKEN_ENCRYPTION_KEY"],
    doc: "Key that encrypts stored OAuth tokens (AES-256-GCM): 32 bytes as base64, base64url or 64 hex characters. Unset: a development key in FERRY_DATA_DIR (refused with DATABASE_URL).",
    schema: encryptionKey.optional(),
    secret: true,
  }),
  TOKEN_ENCRYPTION_OLD_KEYS: spec({
    doc: "Comma-separated keys that only decrypt: earlier keys until `ferry keys rotate` has moved every token off them, or the next key during a rolling deploy.",
    schema: encryptionKeyList,
    secret: true,
  }),
} as const;

export type VariableName = keyof typeof VARIABLES;
export type RawValues = { [K in VariableName]: z.output<(typeof VARIABLES)[K]["schema"]> };

/** Every variable Ferry reads: the core's, then each provider's (its folder's `variables`). */
export function allVariables(providers: readonly ProviderDescriptor[]): VariableTable {
  const table: Record<string, VariableTable[string]> = { ...VARIABLES };
  for (const p of providers)
    for (const [name, v] of Object.entries(p.variables)) {
      if (name in table) throw new Error(`variable ${name} is declared twice (by ${p.id} and before it)`);
      table[name] = v;
    }
  return table;
}
