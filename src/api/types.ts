import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Db } from "../db/types.ts";
import type { Logger } from "../logger.ts";
import type { Queue } from "../queue/queue.ts";
import type { JobHandler } from "../queue/types.ts";

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
}
