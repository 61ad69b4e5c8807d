import { createRoute, z } from "@hono/zod-openapi";
import { allowedReturnUrl } from "../../connections/return-url.ts";
import { createConnectSession } from "../../connections/sessions.ts";
import { requireUser } from "../../connections/users.ts";
import { FerryError, ValidationError } from "../../errors.ts";
import { endpoint } from "../endpoint.ts";
import { created } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { ProviderName, UserIdValue } from "./connection-schemas.ts";

const Body = z
  .object({
    user_id: UserIdValue,
    provider: ProviderName,
    return_url: z.string().max(2000).optional().openapi({
      description:
        "where the browser returns (its origin must be FRONTEND_URL's or in RETURN_URL_ALLOWLIST); default FRONTEND_URL/settings",
    }),
  })
  .strict();

const Session = z
  .object({
    id: z.string().uuid(),
    url: z.string().openapi({ description: "send the user's browser here; it works once" }),
    expires_at: z.string(),
  })
  .openapi("ConnectSession");

export const createConnectSessionRoute = endpoint(
  createRoute({
    method: "post",
    path: "/v1/connect-sessions",
    tags: ["connections"],
    summary: "A short-lived, single-use link that connects a user's Notion or Google account",
    description:
      "The app's backend asks for it when its user clicks Connect, and redirects the browser to `url`. The user must exist and hold the provider's entitlement (notion_sync for Notion, calendar_sync for Google); both are checked again when the link is used and on the callback.",
    request: { body: { required: true, content: { "application/json": { schema: Body } } } },
    responses: {
      201: dataResponse(Session, "the link"),
      403: errorResponse("the user lacks the entitlement"),
      404: errorResponse("no such user"),
    },
  }),
  ({ db, connections }) =>
    async (c) => {
      const body = c.req.valid("json");
      const provider = connections.flow.providers.get(body.provider);
      if (!provider) {
        const message = `unknown provider; expected one of ${[...connections.flow.providers.keys()].join(", ")}`;
        throw new ValidationError(`body.provider: ${message}`, [{ field: "body.provider", message }]);
      }
      const user = await requireUser(db, body.user_id);
      if (!user.entitlements.includes(provider.entitlement))
        throw new FerryError("not_entitled", `user ${user.id} lacks ${provider.entitlement}`);
      let returnUrl: string | null = null;
      if (body.return_url !== undefined) {
        returnUrl = allowedReturnUrl(body.return_url, connections.flow.returnOrigins);
        if (!returnUrl) {
          const message = `expected an http(s) URL on an allowed origin (${connections.flow.returnOrigins.join(", ")})`;
          throw new ValidationError(`body.return_url: ${message}`, [{ field: "body.return_url", message }]);
        }
      }
      const { session, url } = await createConnectSession(
        db,
        { userId: user.id, provider: body.provider, returnUrl },
        { now: connections.flow.clock.now(), ttlMs: connections.sessionTtlMs, publicUrl: connections.publicUrl },
      );
      return created(c, { id: session.id, url, expires_at: session.expiresAt.toISOString() });
    },
);
