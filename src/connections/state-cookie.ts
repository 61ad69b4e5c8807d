import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { ProviderId } from "../providers/types.ts";

/**
 * The OAuth state cookie: an AES-256-GCM sealed payload (the browser can neither read nor forge
 * it) holding the state nonce, the connect session, user, provider, the PKCE verifier and an
 * expiry. The `state` parameter sent to the provider is only the nonce, so the verifier never
 * travels through the provider.
 */
export interface StatePayload {
  v: 1;
  /** The nonce also sent as `state`; compared in constant time on the callback. */
  nonce: string;
  sessionId: string;
  userId: string;
  provider: ProviderId;
  codeVerifier: string | null;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export const STATE_COOKIE = "ferry_oauth_state";

/** A 32-byte key for the cookie, derived from SESSION_SECRET (so the raw secret is used for nothing else). */
export function cookieKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "ferry", "oauth-state-cookie", 32));
}

export function sealState(key: Buffer, payload: StatePayload): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString("base64url")).join(".");
}

/** The payload, or null when the cookie was forged, altered, sealed with another key or is malformed. */
export function openState(key: Buffer, sealed: string | undefined): StatePayload | null {
  const parts = sealed?.split(".");
  if (parts?.length !== 3) return null;
  const [iv, body, tag] = parts.map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  if (iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(tag);
    const json = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    const p = JSON.parse(json) as StatePayload;
    return p.v === 1 && typeof p.nonce === "string" && typeof p.exp === "number" ? p : null;
  } catch {
    return null;
  }
}
