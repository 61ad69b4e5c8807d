/**
 * The text form of an encrypted secret, as stored in the database:
 *
 *   v1.<key id>.<iv>.<ciphertext>.<tag>
 *
 * `v1` is the format (AES-256-GCM), the key id is 8 hex characters (see keys.ts), and the
 * IV (12 bytes), ciphertext and auth tag (16 bytes) are base64url without padding.
 */
export const ENVELOPE_VERSION = "v1";
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Envelope {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

const KID = /^[0-9a-f]{8}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

export function formatEnvelope(e: Envelope): string {
  return [ENVELOPE_VERSION, e.kid, e.iv.toString("base64url"), e.ciphertext.toString("base64url"), e.tag.toString("base64url")].join(".");
}

/** The strict inverse of formatEnvelope; undefined when `text` is not a v1 envelope. */
export function parseEnvelope(text: string): Envelope | undefined {
  const parts = text.split(".");
  if (parts.length !== 5) return undefined;
  const [version, kid, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (version !== ENVELOPE_VERSION || !KID.test(kid) || ![iv, ciphertext, tag].every((p) => B64URL.test(p))) return undefined;
  const e = { kid, iv: Buffer.from(iv, "base64url"), ciphertext: Buffer.from(ciphertext, "base64url"), tag: Buffer.from(tag, "base64url") };
  return e.iv.length === IV_BYTES && e.tag.length === TAG_BYTES ? e : undefined;
}

/** The key id an envelope was written with, or undefined for anything that is not an envelope. */
export function envelopeKeyId(text: string): string | undefined {
  return parseEnvelope(text)?.kid;
}

/** What the authentication covers: the envelope's header and the caller's row binding. */
export function authenticatedData(kid: string, aad: string): Buffer {
  return Buffer.from(`${ENVELOPE_VERSION}.${kid}|${aad}`, "utf8");
}

/**
 * The associated data that binds a secret to its place: `<table>:<row id>:<column>`. An envelope
 * copied to another row or column fails to decrypt there.
 */
export function aadFor(table: string, id: string, column: string): string {
  return `${table}:${id}:${column}`;
}
