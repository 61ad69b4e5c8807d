import type { OpenAPIHono } from "@hono/zod-openapi";
import type { FlowDeps } from "../connections/flow.ts";
import type { TokenDeps } from "../connections/refresh.ts";
import type { Db } from "../db/types.ts";
import type { ProviderMetrics } from "../http-client/metrics.ts";
import type { Logger } from "../logger.ts";
import type { Queue } from "../queue/queue.ts";
import type { JobHandler } from "../queue/types.ts";
import type { SchedulerSettings } from "../scheduler/settings.ts";

/** How the caller of a /v1/ route proved who it is. */
export type AuthKind = "action_api_token" | "development_token";

export type AppEnv = { Variables: { requestId: string; logger: Logger; authKind: AuthKind | undefined } };

export type FerryApp = OpenAPIHono<AppEnv>;

/** The generated OpenAPI 3.1 document. */
export type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

export interface ProviderStatus {
  name: string;
  /** Whether its OAuth client credentials are set; when not, Ferry uses the built-in sandbox. */
  configured: boolean;
  /** `live` (the real service) or `sandbox` (the built-in emulator). */
  mode: "live" | "sandbox";
  /** Where it is served: its API (and OAuth) origins. */
  endpoints: Record<string, string>;
}

export interface ApiOptions {
  /** The bearer token for /v1/; undefined: /v1/ answers 503. */
  token: string | undefined;
  /** Where the token came from: ACTION_API_TOKEN, or generated for development. */
  tokenSource: "env" | "generated";
  maxBodyBytes: number;
  sandbox: boolean;
  providers: readonly ProviderStatus[];
}

export interface AppDeps {
  db: Db;
  queue: Queue;
  handlers: ReadonlyMap<string, JobHandler>;
  logger: Logger;
  version: string;
  worker: { secret: string | undefined; leaseMs: number; concurrency: number };
  api: ApiOptions;
  connections: ConnectionDeps;
  /** Defaults of the pull mirrors the API stores (PULL_SCHEMA, PULL_INTERVAL_MINUTES). */
  pull: { schema: string; intervalMinutes: number };
  /** The scheduler's tiers and knobs (SYNC_TIERS, SCHEDULER_*); the variables' defaults when absent. */
  scheduler?: SchedulerSettings;
}

/** What the users, connect-session, OAuth and connection routes need. */
export interface ConnectionDeps {
  /** The OAuth flow: providers, vault, queue, cookie key, return-URL allow list. */
  flow: FlowDeps;
  /** Token refresh and provider calls (for revoking at the provider). */
  tokens: TokenDeps;
  /** Ferry's public origin, for connect links. */
  publicUrl: string;
  sessionTtlMs: number;
  /** The provider call counters of this process (for /v1/metrics). */
  metrics: ProviderMetrics;
}
