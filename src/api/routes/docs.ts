import { createRoute, z } from "@hono/zod-openapi";
import { endpoint } from "../endpoint.ts";
import { renderHtml } from "../reference/html.ts";

const route = createRoute({
  method: "get",
  path: "/docs",
  tags: ["service"],
  summary: "This API's reference, as a web page",
  description: "Public. Rendered from /openapi.json on the server; works offline (no external assets).",
  responses: { 200: { description: "an HTML page", content: { "text/html": { schema: z.string() } } } },
});

export const docsPage = endpoint(route, ({ document }) => {
  let page: string | undefined;
  return async (c) => {
    page ??= renderHtml(document());
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    return c.html(page, 200);
  };
});
