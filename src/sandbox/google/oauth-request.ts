import { createHash } from "node:crypto";
import type { Context } from "hono";
import { safeEqual } from "../../secrets.ts";
import type { OAuthClient } from "../core/oauth-clients.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleCode } from "./types.ts";

/** The fields of a form-encoded (or JSON) body plus the query string, as strings. */
export async function oauthFields(c: Context): Promise<Record<string, string>> {
  const out: Record<string, string> = { ...c.req.query() };
  const type = c.req.header("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = (await c.req.json()) as unknown;
      if (body && typeof body === "object")
        for (const [k, v] of Object.entries(body)) if (typeof v === "string" || typeof v === "number") out[k] = String(v);
    } else {
      for (const [k, v] of new URLSearchParams(await c.req.text())) out[k] = v;
    }
  } catch {
    // A malformed body carries no fields; the endpoint then reports what is missing.
  }
  return out;
}

/** The client authenticated by HTTP Basic or by client_id and client_secret in the body; else why not. */
export function authenticateClient(c: Context, state: GoogleState, f: Record<string, string>): OAuthClient | string {
  let id = f.client_id;
  let given = f.client_secret;
  const basic = /^Basic\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
  if (basic?.[1]) {
    const [user, ...rest] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    id = decodeURIComponent(user ?? "");
    given = decodeURIComponent(rest.join(":"));
  }
  const client = id ? state.oauthClients.get(id) : undefined;
  if (!client) return "The OAuth client was not found.";
  return safeEqual(given, client.clientSecret) ? client : "Unauthorized";
}

/** Whether a PKCE verifier answers the code's challenge (RFC 7636 §4.6). */
export function verifierMatches(challenge: NonNullable<GoogleCode["challenge"]>, verifier: string): boolean {
  const derived = challenge.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return safeEqual(derived, challenge.value);
}
