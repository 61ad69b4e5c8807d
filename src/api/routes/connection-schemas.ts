import { z } from "@hono/zod-openapi";
import type { Connection } from "../../connections/store.ts";
import type { AppUser } from "../../connections/users.ts";
import { PROVIDERS } from "../../providers/registry.ts";
import { PROVIDER_ID_PATTERN } from "../../providers/types.ts";

/** An app's user id: whatever the app uses (uuid, email, number), within a safe alphabet. */
export const UserIdValue = z.string().regex(/^[A-Za-z0-9._:@+-]{1,200}$/, "expected 1-200 characters: letters, digits and . _ : @ + -");

export const UserId = UserIdValue.openapi({ param: { name: "userId", in: "path" }, example: "user_42" });

const known = PROVIDERS.map((p) => p.id).join(", ");

/** A provider's id; whether this Ferry knows it is checked against its providers (404 or a field error). */
export const ProviderName = z
  .string()
  .regex(PROVIDER_ID_PATTERN, "expected a provider id like notion")
  .openapi({ description: `a provider: ${known}`, example: PROVIDERS[0]?.id });

export const ProviderParam = ProviderName.openapi({ param: { name: "provider", in: "path" } });

export const Entitlement = z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/, "expected a lower-case name like notion_sync");

export const UserOut = z
  .object({
    id: z.string(),
    entitlements: z.array(z.string()),
    tier: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("User");

export const userJson = (u: AppUser) => ({
  id: u.id,
  entitlements: u.entitlements,
  tier: u.tier,
  metadata: u.metadata,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
});

export const ConnectionOut = z
  .object({
    id: z.string().uuid(),
    provider: ProviderName,
    external_id: z.string().openapi({ description: "Notion workspace id or Google account id" }),
    status: z.enum(["active", "invalid", "revoked"]),
    metadata: z
      .record(z.string(), z.unknown())
      .openapi({ description: "workspace name, icon, bot id, owner (Notion); email, scopes (Google)" }),
    scopes: z.array(z.string()),
    token_expires_at: z.string().nullable(),
    last_refreshed_at: z.string().nullable(),
    last_error: z.string().nullable(),
    last_error_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Connection");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const connectionJson = (x: Connection) => ({
  id: x.id,
  provider: x.provider,
  external_id: x.externalId,
  status: x.status,
  metadata: x.metadata,
  scopes: x.scopes,
  token_expires_at: iso(x.tokenExpiresAt),
  last_refreshed_at: iso(x.lastRefreshedAt),
  last_error: x.lastError,
  last_error_at: iso(x.lastErrorAt),
  created_at: x.createdAt.toISOString(),
  updated_at: x.updatedAt.toISOString(),
});
