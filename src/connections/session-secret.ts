import { randomBytes } from "node:crypto";
import { ValidationError } from "../errors.ts";
import { localSecret } from "../local-secret.ts";
import type { Logger } from "../logger.ts";
import { cookieKey } from "./state-cookie.ts";

export const DEV_SESSION_FILE = "session.secret";

/**
 * The key that seals OAuth state cookies, from SESSION_SECRET. Without it, on the embedded
 * database, a development secret is generated once into the data folder (with a warning); with
 * DATABASE_URL every process must share one, so it is required.
 */
export function openSessionKey(secret: string | undefined, opts: { dataDir: string; sharedDatabase: boolean; logger: Logger }): Buffer {
  if (secret !== undefined) return cookieKey(secret);
  if (opts.sharedDatabase) {
    const message = "required when DATABASE_URL is set (every process must seal and open the same OAuth state cookies)";
    throw new ValidationError(
      `invalid configuration: SESSION_SECRET: ${message}`,
      [{ field: "SESSION_SECRET", message }],
      "invalid_config",
    );
  }
  if (opts.dataDir.startsWith("memory://")) return cookieKey(randomBytes(32).toString("base64url"));
  const { value, path } = localSecret(opts.dataDir, DEV_SESSION_FILE, () => randomBytes(32).toString("base64url"));
  opts.logger.warn(
    { secretFile: path },
    "no SESSION_SECRET: OAuth state cookies use a development secret; set SESSION_SECRET in production",
  );
  return cookieKey(value);
}
