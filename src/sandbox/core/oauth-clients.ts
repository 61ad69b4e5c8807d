import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "./env.ts";
import { parsedBody } from "./json.ts";

/** An OAuth client registered with one of the sandbox's authorization servers. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match redirect URIs. */
  redirectUris: string[];
  name: string;
}

/** A module's registry of OAuth clients, by client id. */
export type OAuthClients = Map<string, OAuthClient>;

const clientBody = z
  .object({
    client_id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/)
      .optional(),
    client_secret: z.string().min(8).max(200).optional(),
    redirect_uris: z.array(z.string().url()).min(1).max(20),
    name: z.string().min(1).max(100).optional(),
  })
  .strict();

const clientJson = (x: OAuthClient) => ({
  client_id: x.clientId,
  client_secret: x.clientSecret,
  redirect_uris: x.redirectUris,
  name: x.name,
});

/**
 * `POST` (register) and `GET` (list) a module's OAuth clients at `path`; `clients` gives the current
 * registry. Registering a known `client_id` updates it: the redirect URIs are replaced, the name and
 * secret change only when given (so an operator can add redirect URIs to the default client without
 * knowing or breaking its secret). A new client without a secret gets a random one.
 */
export function oauthClientRoutes(app: Hono<SandboxEnv>, path: string, clients: () => OAuthClients): void {
  app.post(path, async (c) => {
    const p = await parsedBody(c, clientBody);
    if (p instanceof Response) return p;
    const known = p.client_id ? clients().get(p.client_id) : undefined;
    const client: OAuthClient = {
      clientId: p.client_id ?? `client_${randomBytes(8).toString("hex")}`,
      clientSecret: p.client_secret ?? known?.clientSecret ?? `secret_${randomBytes(24).toString("base64url")}`,
      redirectUris: p.redirect_uris,
      name: p.name ?? known?.name ?? "Sandbox integration",
    };
    clients().set(client.clientId, client);
    return c.json(clientJson(client), 201);
  });

  app.get(path, (c) => c.json({ clients: [...clients().values()].map(clientJson) }));
}
