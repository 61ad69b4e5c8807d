import { OpenAPIHono } from "@hono/zod-openapi";
import { BEARER_SCHEME, WORKER_SCHEME } from "./auth.ts";
import type { Endpoint } from "./endpoint.ts";
import type { OpenApiDocument } from "./types.ts";

const DESCRIPTION = [
  "Ferry's HTTP API. Successful answers are `{ data }`; failures are `{ error: { code, message, details?, request_id } }`.",
  "Routes under /v1/ need `Authorization: Bearer <ACTION_API_TOKEN>`. Send `X-Request-Id` to choose the request's id; it is echoed back.",
].join("\n\n");

/** The OpenAPI 3.1 document of `endpoints`, generated from their zod schemas. */
export function apiDocument(endpoints: readonly Endpoint[], version: string): OpenApiDocument {
  const doc = new OpenAPIHono();
  doc.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "ACTION_API_TOKEN (or the development token Ferry generates when run with nothing configured)",
  });
  doc.openAPIRegistry.registerComponent("securitySchemes", WORKER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "WORKER_SECRET, for the serverless worker trigger (also accepted as an X-Worker-Secret header)",
  });
  for (const e of endpoints) doc.openAPIRegistry.registerPath(e.route);
  return doc.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Ferry API", version, description: DESCRIPTION },
    tags: [
      { name: "service", description: "health, metadata and this document" },
      { name: "jobs", description: "the job queue" },
    ],
  });
}
