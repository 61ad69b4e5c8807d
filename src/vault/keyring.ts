import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto";
import { FerryError } from "../errors.ts";
import { authenticatedData, type Envelope, formatEnvelope, IV_BYTES, parseEnvelope, TAG_BYTES } from "./envelope.ts";
import { KEY_BYTES, keyId } from "./keys.ts";

const CIPHER = "aes-256-gcm";

function decryptionFailed(aad: string, reason: string, kid?: string): FerryError {
  return new FerryError("decryption_failed", `cannot decrypt the secret for ${aad}: ${reason}`, kid ? { aad, key_id: kid } : { aad });
}

/**
 * The keys that protect stored secrets. The primary (newest) key encrypts; the primary and every
 * older key decrypt, each found by the key id in the envelope. Keys live in private fields, so a
 * KeyRing logged or serialised by mistake shows nothing.
 */
export class KeyRing {
  readonly #keys = new Map<string, Buffer>();
  readonly primaryKeyId: string;

  constructor(primary: Buffer, older: readonly Buffer[] = []) {
    for (const key of [primary, ...older]) {
      if (key.length !== KEY_BYTES) throw new FerryError("invalid_config", `an encryption key must be ${KEY_BYTES} bytes`);
      const kid = keyId(key);
      const known = this.#keys.get(kid);
      if (known && !timingSafeEqual(known, key)) {
        throw new FerryError("invalid_config", `two different encryption keys share the key id ${kid}; generate a new key`);
      }
      this.#keys.set(kid, Buffer.from(key));
    }
    this.primaryKeyId = keyId(primary);
  }

  /** Ids of every key in the ring, the primary first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts under the primary key with a fresh random 96-bit IV; `aad` binds the result to its row (see aadFor). */
  encrypt(plaintext: string, aad: string): string {
    const kid = this.primaryKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key(kid), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(authenticatedData(kid, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return formatEnvelope({ kid, iv, ciphertext, tag: cipher.getAuthTag() });
  }

  /**
   * Decrypts an envelope written for the same `aad`. A malformed envelope, an unknown key id, or
   * a failed authentication (tampered, written for another row, wrong key) throws a
   * `decryption_failed` error that names the row binding and key id, never the secret.
   */
  decrypt(envelope: string, aad: string): string {
    const e = parseEnvelope(envelope);
    if (!e) throw decryptionFailed(aad, "the stored value is not a vault envelope");
    const key = this.#keys.get(e.kid);
    if (!key) throw decryptionFailed(aad, `no configured key has the id ${e.kid}`, e.kid);
    try {
      return this.#open(key, e, aad);
    } catch {
      throw decryptionFailed(aad, `authentication failed with key ${e.kid} (tampered, or written for another row)`, e.kid);
    }
  }

  /** True when `envelope` is not under the primary key (including when it is not an envelope at all). */
  needsRotation(envelope: string): boolean {
    return parseEnvelope(envelope)?.kid !== this.primaryKeyId;
  }

  /** Decrypts and encrypts again under the primary key; an envelope already under it is returned as is. */
  reencrypt(envelope: string, aad: string): string {
    if (!this.needsRotation(envelope)) return envelope;
    return this.encrypt(this.decrypt(envelope, aad), aad);
  }

  #key(kid: string): Buffer {
    const key = this.#keys.get(kid);
    if (!key) throw new FerryError("internal", `no key with id ${kid} in the ring`);
    return key;
  }

  #open(key: Buffer, e: Envelope, aad: string): string {
    const decipher = createDecipheriv(CIPHER, key, e.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(authenticatedData(e.kid, aad));
    decipher.setAuthTag(e.tag);
    // final() throws unless the tag authenticates the ciphertext and the associated data.
    return Buffer.concat([decipher.update(e.ciphertext), decipher.final()]).toString("utf8");
  }
}
