import { createHash, randomBytes } from "node:crypto";
import { ValidationError } from "../errors.ts";

/** AES-256 keys are 32 bytes. */
export const KEY_BYTES = 32;

/** What every key error says: the formats accepted, never the value given. */
export const KEY_FORMATS = "expected exactly 32 bytes written as 64 hex characters, base64 or base64url (e.g. from `ferry keys generate`)";

const HEX = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one optional `=`.
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * Decodes a key written as 64 hex characters, standard base64 or base64url (padded or not).
 * Returns undefined for anything else, including non-canonical base64 whose last character
 * carries stray bits, so one key has exactly one spelling per alphabet.
 */
export function decodeKey(text: string): Buffer | undefined {
  if (HEX.test(text)) return Buffer.from(text, "hex");
  const alphabet = BASE64.test(text) ? "base64" : BASE64URL.test(text) ? "base64url" : undefined;
  if (!alphabet) return undefined;
  const bytes = Buffer.from(text, alphabet);
  const canonical = bytes.toString(alphabet).replace(/=+$/, "") === text.replace(/=+$/, "");
  return bytes.length === KEY_BYTES && canonical ? bytes : undefined;
}

/** Decodes a key read from `variable`; a bad one throws an invalid_config error naming the variable, not the value. */
export function parseKey(text: string, variable: string): Buffer {
  const key = decodeKey(text.trim());
  if (!key) {
    throw new ValidationError(
      `invalid configuration: ${variable}: ${KEY_FORMATS}`,
      [{ field: variable, message: KEY_FORMATS }],
      "invalid_config",
    );
  }
  return key;
}

/**
 * A key's id: the first 8 hex characters of the SHA-256 of its bytes. Derived, so operators
 * never name keys, and the same key has the same id in every process.
 */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** A fresh random key, in standard base64 (what `ferry keys generate` prints). */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}
