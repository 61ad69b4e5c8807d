import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FerryError } from "../../src/errors.ts";
import { aadFor, parseEnvelope } from "../../src/vault/envelope.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { keyId } from "../../src/vault/keys.ts";

const A = randomBytes(32);
const B = randomBytes(32);
const TOKEN = "ntn_secret_token_1234567890";
const ROW = aadFor("connections", "7d1c0d6e-1111-4222-8333-444455556666", "access_token");

/** Replaces one dot-separated part of an envelope. */
function withPart(envelope: string, index: number, edit: (part: string) => string): string {
  const parts = envelope.split(".");
  parts[index] = edit(parts[index] ?? "");
  return parts.join(".");
}

/** Flips one bit of a base64url part, keeping its length. */
function flip(part: string): string {
  const bytes = Buffer.from(part, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString("base64url");
}

function failure(fn: () => unknown): FerryError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FerryError);
    expect((e as FerryError).code).toBe("decryption_failed");
    return e as FerryError;
  }
  throw new Error("expected decryption to fail");
}

describe("vault key ring", () => {
  it("round-trips, with the documented envelope shape and a fresh IV every time", () => {
    const ring = new KeyRing(A);
    const one = ring.encrypt(TOKEN, ROW);
    const two = ring.encrypt(TOKEN, ROW);
    expect(one).toMatch(new RegExp(`^v1\\.${keyId(A)}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));
    expect(one).not.toBe(two);
    expect(parseEnvelope(one)?.iv.equals(parseEnvelope(two)?.iv as Buffer)).toBe(false);
    expect(one).not.toContain(TOKEN);
    expect(one).not.toContain(Buffer.from(TOKEN).toString("base64url").slice(0, 12));
    expect(ring.decrypt(one, ROW)).toBe(TOKEN);
    expect(ring.decrypt(ring.encrypt("", ROW), ROW)).toBe("");
    expect(ring.decrypt(ring.encrypt("ünïcødé ✓", ROW), ROW)).toBe("ünïcødé ✓");
  });

  it("refuses a tampered IV, ciphertext or tag, and a changed key id", () => {
    const ring = new KeyRing(A, [B]);
    const env = ring.encrypt(TOKEN, ROW);
    for (const index of [2, 3, 4]) {
      const e = failure(() => ring.decrypt(withPart(env, index, flip), ROW));
      expect(e.message).toMatch(/authentication failed with key/);
    }
    // Relabelled to the other key in the ring: the header is authenticated too.
    failure(() =>
      ring.decrypt(
        withPart(env, 1, () => keyId(B)),
        ROW,
      ),
    );
    failure(() => ring.decrypt(env.slice(0, -2), ROW));
  });

  it("refuses an envelope moved to another row or column", () => {
    const ring = new KeyRing(A);
    const env = ring.encrypt(TOKEN, ROW);
    const elsewhere = aadFor("connections", "00000000-0000-4000-8000-000000000000", "access_token");
    const e = failure(() => ring.decrypt(env, elsewhere));
    expect(e.message).toContain(elsewhere);
    failure(() => ring.decrypt(env, aadFor("connections", "7d1c0d6e-1111-4222-8333-444455556666", "refresh_token")));
  });

  it("names an unknown key id, and never the secret or the key", () => {
    const env = new KeyRing(A).encrypt(TOKEN, ROW);
    const e = failure(() => new KeyRing(B).decrypt(env, ROW));
    expect(e.message).toContain(`no configured key has the id ${keyId(A)}`);
    expect(e.message).toContain("access_token");
    const text = JSON.stringify([e.message, e.details]);
    for (const secret of [TOKEN, A.toString("base64"), A.toString("hex"), B.toString("base64")]) expect(text).not.toContain(secret);
    expect(failure(() => new KeyRing(A).decrypt(TOKEN, ROW)).message).toMatch(/not a vault envelope/);
  });

  it("encrypts with the newest key, decrypts with every key, and says what needs rotating", () => {
    const old = new KeyRing(A);
    const ring = new KeyRing(B, [A]);
    const underA = old.encrypt(TOKEN, ROW);
    expect(ring.primaryKeyId).toBe(keyId(B));
    expect(ring.keyIds).toEqual([keyId(B), keyId(A)]);
    expect(ring.decrypt(underA, ROW)).toBe(TOKEN);
    expect(ring.needsRotation(underA)).toBe(true);
    const underB = ring.reencrypt(underA, ROW);
    expect(parseEnvelope(underB)?.kid).toBe(keyId(B));
    expect(ring.needsRotation(underB)).toBe(false);
    expect(ring.reencrypt(underB, ROW)).toBe(underB);
    expect(new KeyRing(B).decrypt(underB, ROW)).toBe(TOKEN);
  });

  it("shows no key material when logged or serialised", () => {
    const ring = new KeyRing(A, [B]);
    const shown = `${JSON.stringify(ring)} ${JSON.stringify({ ...ring })}`;
    for (const k of [A, B]) {
      expect(shown).not.toContain(k.toString("base64"));
      expect(shown).not.toContain(k.toString("hex"));
    }
  });
});
