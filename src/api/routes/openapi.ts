import { createRoute, z } from "@hono/zod-openapi";
import { endpoint } from "../endpoint.ts";

const route = createRoute({
  method: "get",
  path: "/openapi.json",
  tags: ["service"],
  summary: "This API's OpenAPI 3.1 document",
  description: "Public. Generated from the routes' zod schemas; the one source of docs/api.md and /docs. Not wrapped in the envelope.",
  responses: {
    200: {
      description: "the OpenAPI document",
      content: { "application/json": { schema: z.object({ openapi: z.string() }).catchall(z.unknown()) } },
    },
  },
});

export const openapiDocument = endpoint(
  route,
  ({ document }) =>
    async (c) =>
      c.json(document(), 200),
);
