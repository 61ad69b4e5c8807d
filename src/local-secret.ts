import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "./errors.ts";

/**
 * A secret kept in a file of the data folder for single-process development use (the vault's
 * development key, the development session secret): created once with mode 0600 by `generate`,
 * then reused. A file other users can read is refused.
 */
export function localSecret(dataDir: string, file: string, generate: () => string): { value: string; path: string } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, file);
  try {
    // "wx": create only if absent, so two starts never write different secrets.
    const fd = openSync(path, "wx", 0o600);
    try {
      writeSync(fd, `${generate()}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
    throw new ValidationError(
      `invalid development secret: ${path} is readable by other users; run chmod 600 on it`,
      [{ field: path, message: "expected file mode 0600" }],
      "invalid_config",
    );
  }
  return { value: readFileSync(path, "utf8").trim(), path };
}
