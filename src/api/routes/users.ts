import { createRoute, z } from "@hono/zod-openapi";
import { getUser, upsertUser } from "../../connections/users.ts";
import { FerryError, ValidationError } from "../../errors.ts";
import { DEFAULT_SCHEDULER_SETTINGS } from "../../scheduler/settings.ts";
import { TIER_NAME, tierNamed } from "../../scheduler/tiers.ts";
import { endpoint } from "../endpoint.ts";
import { created, ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { Entitlement, UserId, UserOut, userJson } from "./connection-schemas.ts";

const Body = z
  .object({
    entitlements: z
      .array(Entitlement)
      .max(50)
      .openapi({ description: "what the user may use, e.g. notion_sync, calendar_sync", example: ["notion_sync"] }),
    tier: z
      .string()
      .regex(TIER_NAME)
      .optional()
      .openapi({ description: "scheduling tier, one of SYNC_TIERS (default paid=15m, free=24h); absent: SYNC_DEFAULT_TIER" }),
    metadata: z
      .record(z.string().max(100), z.unknown())
      .default({})
      .refine((m) => JSON.stringify(m).length <= 16_384, "expected at most 16 KB of metadata")
      .openapi({ description: "anything the app wants to keep with the user (at most 16 KB)" }),
  })
  .strict();

export const putUser = endpoint(
  createRoute({
    method: "put",
    path: "/v1/users/{userId}",
    tags: ["users"],
    summary: "Register or update an app user and its entitlements",
    description: "Ferry never owns the app's login: it trusts the app's backend about who its users are and what they may use.",
    request: { params: z.object({ userId: UserId }), body: { required: true, content: { "application/json": { schema: Body } } } },
    responses: { 200: dataResponse(UserOut, "updated"), 201: dataResponse(UserOut, "created") },
  }),
  ({ db, scheduler = DEFAULT_SCHEDULER_SETTINGS }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const body = c.req.valid("json");
      const tier = body.tier ?? scheduler.defaultTier;
      if (!tierNamed(scheduler.tiers, tier)) {
        const message = `no tier ${tier}; the tiers are ${scheduler.tiers.map((t) => t.name).join(", ")} (SYNC_TIERS)`;
        throw new ValidationError(`body.tier: ${message}`, [{ field: "body.tier", message }]);
      }
      const { user, created: isNew } = await upsertUser(db, {
        id: userId,
        entitlements: [...new Set(body.entitlements)],
        tier,
        metadata: body.metadata,
      });
      return isNew ? created(c, userJson(user)) : ok(c, userJson(user));
    },
);

export const getUserRoute = endpoint(
  createRoute({
    method: "get",
    path: "/v1/users/{userId}",
    tags: ["users"],
    summary: "An app user with its entitlements",
    request: { params: z.object({ userId: UserId }) },
    responses: { 200: dataResponse(UserOut, "the user"), 404: errorResponse("no such user") },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const user = await getUser(db, userId);
      if (!user) throw new FerryError("not_found", `no user ${userId}`);
      return ok(c, userJson(user));
    },
);
