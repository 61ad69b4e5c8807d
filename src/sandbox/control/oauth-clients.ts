import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxEnv } from "../app.ts";
import type { OAuthClient } from "../state.ts";
import { parsedBody } from "./json.ts";

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

/** `POST` (register) and `GET` (list) a provider's OAuth clients at `path`; `clients` gives the current registry. */
export function oauthClientRoutes(app: Hono<SandboxEnv>, path: string, clients: () => Map<string, OAuthClient>): void {
  app.post(path, async (c) => {
    const p = await parsedBody(c, clientBody);
    if (p instanceof Response) return p;
    const client = {
      clientId: p.client_id ?? `client_${randomBytes(8).toString("hex")}`,
      clientSecret: p.client_secret ?? `secret_${randomBytes(24).toString("base64url")}`,
      redirectUris: p.redirect_uris,
      name: p.name ?? "Sandbox integration",
    };
    clients().set(client.clientId, client);
    return c.json(clientJson(client), 201);
  });

  app.get(path, (c) => c.json({ clients: [...clients().values()].map(clientJson) }));
}
