import { createRoute, z } from "@hono/zod-openapi";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse } from "../schemas.ts";

/** The version of the /v1/ API; it changes only with a breaking change. */
export const API_VERSION = "v1" as const;

const Meta = z.object({
  service: z.literal("ferry"),
  version: z.string().openapi({ description: "Ferry's version" }),
  api_version: z.literal(API_VERSION),
  sandbox: z.boolean().openapi({ description: "true when running with nothing external configured (no DATABASE_URL)" }),
  database: z.enum(["postgres", "pglite"]),
  providers: z
    .array(
      z.object({
        name: z.string(),
        configured: z.boolean(),
        mode: z.enum(["live", "sandbox"]),
        endpoints: z.record(z.string(), z.string()).openapi({ description: "where it is served: `api`, and `oauth` when apart" }),
      }),
    )
    .openapi({
      description: "each provider: whether its OAuth credentials are set, live or the built-in sandbox, and at which URLs",
    }),
  auth: z.object({
    kind: z.enum(["action_api_token", "development_token"]).openapi({ description: "how this request authenticated" }),
  }),
});

const route = createRoute({
  method: "get",
  path: "/v1/meta",
  tags: ["service"],
  summary: "What this Ferry is and how you are talking to it",
  description:
    "Service name and version, API version, sandbox mode, configured providers, and the kind of credential used. Nothing secret.",
  responses: { 200: dataResponse(Meta, "metadata") },
});

export const meta = endpoint(
  route,
  ({ api, db, version }) =>
    async (c) =>
      ok(c, {
        service: "ferry" as const,
        version,
        api_version: API_VERSION,
        sandbox: api.sandbox,
        database: db.driver,
        providers: api.providers.map((p) => ({ name: p.name, configured: p.configured, mode: p.mode, endpoints: p.endpoints })),
        auth: { kind: c.get("authKind") ?? "action_api_token" },
      }),
);
