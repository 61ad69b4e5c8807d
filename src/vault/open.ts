import { randomBytes } from "node:crypto";
import { ValidationError } from "../errors.ts";
import { localSecret } from "../local-secret.ts";
import type { Logger } from "../logger.ts";
import { KeyRing } from "./keyring.ts";
import { decodeKey, generateKey, KEY_BYTES, parseKey } from "./keys.ts";

export const DEV_KEY_FILE = "vault.key";

export interface OpenKeyRingOptions {
  /** FERRY_DATA_DIR: where a development key is kept when no key is configured. */
  dataDir: string;
  /** True with DATABASE_URL: several processes share the data, so a local development key is refused. */
  sharedDatabase: boolean;
  logger: Logger;
}

/**
 * Builds the key ring from the configuration. With TOKEN_ENCRYPTION_KEY set, that key encrypts
 * and TOKEN_ENCRYPTION_OLD_KEYS only decrypt. Without it, on the embedded database, a development
 * key is generated once into `<dataDir>/vault.key` (mode 0600) and reused, with a warning; on a
 * shared PostgreSQL server that is refused, because other processes could not read that file.
 */
/** The keys as configured (TOKEN_ENCRYPTION_KEY, TOKEN_ENCRYPTION_OLD_KEYS), already checked to be 32-byte keys. */
export interface VaultKeys {
  key: string | undefined;
  oldKeys: string[];
}

export function openKeyRing(vault: VaultKeys, opts: OpenKeyRingOptions): KeyRing {
  const older = vault.oldKeys.map((k) => parseKey(k, "TOKEN_ENCRYPTION_OLD_KEYS"));
  if (vault.key !== undefined) return new KeyRing(parseKey(vault.key, "TOKEN_ENCRYPTION_KEY"), older);
  if (opts.sharedDatabase) {
    const message =
      "required when DATABASE_URL is set (every process must encrypt with the same key); create one with `ferry keys generate`";
    throw new ValidationError(
      `invalid configuration: TOKEN_ENCRYPTION_KEY: ${message}`,
      [{ field: "TOKEN_ENCRYPTION_KEY", message }],
      "invalid_config",
    );
  }
  const { key, where } = developmentKey(opts.dataDir);
  const ring = new KeyRing(key, older);
  opts.logger.warn(
    { keyFile: where, keyId: ring.primaryKeyId },
    "no TOKEN_ENCRYPTION_KEY: tokens are encrypted with a development key; set TOKEN_ENCRYPTION_KEY before storing real tokens",
  );
  return ring;
}

/** Reads `<dataDir>/vault.key`, creating it first if needed; a throwaway key for an in-memory database. */
function developmentKey(dataDir: string): { key: Buffer; where: string } {
  if (dataDir.startsWith("memory://")) return { key: randomBytes(KEY_BYTES), where: "memory" };
  const { value, path } = localSecret(dataDir, DEV_KEY_FILE, generateKey);
  const key = decodeKey(value);
  if (!key) {
    const message = "does not hold a 32-byte key; delete it to generate a new one (tokens encrypted with the old one are lost)";
    throw new ValidationError(`invalid development key: ${path} ${message}`, [{ field: path, message }], "invalid_config");
  }
  return { key, where: path };
}
