import { createRoute, z } from "@hono/zod-openapi";
import { removeConnection } from "../../connections/remove.ts";
import { listConnections } from "../../connections/store.ts";
import { requireUser } from "../../connections/users.ts";
import { FerryError } from "../../errors.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { ConnectionOut, connectionJson, UserId } from "./connection-schemas.ts";

export const listConnectionsRoute = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}/connections",
    tags: ["connections"],
    summary: "A user's connections with their status",
    description: "Status is active, invalid (the grant was revoked at the provider: the user must connect again) or revoked. Never tokens.",
    request: { params: z.object({ userId: UserId }) },
    responses: { 200: dataResponse(z.array(ConnectionOut), "the connections"), 404: errorResponse("no such user") },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      await requireUser(db, userId);
      return ok(c, (await listConnections(db, userId)).map(connectionJson));
    },
);

export const deleteConnectionRoute = endpoint(
  createRoute({
    method: "delete",
    path: "/v1/users/{userId}/connections/{connectionId}",
    tags: ["connections"],
    summary: "Disconnect: revoke at the provider, delete the tokens, cancel queued jobs",
    request: {
      params: z.object({
        userId: UserId,
        connectionId: z
          .string()
          .uuid()
          .openapi({ param: { name: "connectionId", in: "path" } }),
      }),
    },
    responses: {
      200: dataResponse(
        z.object({ deleted: z.literal(true), revoked_at_provider: z.boolean(), cancelled_jobs: z.number().int() }),
        "deleted",
      ),
      404: errorResponse("no such connection for this user"),
    },
  }),
  ({ connections }) =>
    async (c) => {
      const { userId, connectionId } = c.req.valid("param");
      const done = await removeConnection(connections.tokens, userId, connectionId);
      if (!done) throw new FerryError("not_found", `user ${userId} has no connection ${connectionId}`);
      return ok(c, { deleted: true as const, revoked_at_provider: done.revokedAtProvider, cancelled_jobs: done.cancelledJobs });
    },
);
