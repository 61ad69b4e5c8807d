import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { aadFor } from "../../src/vault/envelope.ts";
import { generateKey, keyId, parseKey } from "../../src/vault/keys.ts";
import { DEV_KEY_FILE, openKeyRing } from "../../src/vault/open.ts";

/** A logger whose JSON lines are kept for assertions. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "info", format: "json", destination }), lines };
}

const ROW = aadFor("connections", "c1", "access_token");
const none = { key: undefined, oldKeys: [] };

describe("opening the key ring", () => {
  it("uses TOKEN_ENCRYPTION_KEY to encrypt and the old keys only to decrypt", () => {
    const [current, old] = [generateKey(), generateKey()];
    const { logger, lines } = capture();
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-vault-"));
    const ring = openKeyRing({ key: current, oldKeys: [old] }, { dataDir, sharedDatabase: true, logger });
    expect(ring.primaryKeyId).toBe(keyId(parseKey(current, "k")));
    expect(ring.keyIds).toEqual([keyId(parseKey(current, "k")), keyId(parseKey(old, "k"))]);
    expect(lines).toEqual([]);
    expect(() => statSync(join(dataDir, DEV_KEY_FILE))).toThrow();
  });

  it("without a key, generates a development key once in the data folder (mode 0600), reuses it, and warns", () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "ferry-vault-")), "nested");
    const first = capture();
    const ring = openKeyRing(none, { dataDir, sharedDatabase: false, logger: first.logger });
    const file = join(dataDir, DEV_KEY_FILE);
    const stored = readFileSync(file, "utf8");
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyId(parseKey(stored, "file"))).toBe(ring.primaryKeyId);
    const warning = JSON.parse(first.lines.join(""));
    expect(warning).toMatchObject({ level: 40, keyId: ring.primaryKeyId, keyFile: file });
    expect(warning.msg).toMatch(/development key.*TOKEN_ENCRYPTION_KEY/);
    expect(first.lines.join("")).not.toContain(stored.trim());

    const envelope = ring.encrypt("tok", ROW);
    const again = openKeyRing(none, { dataDir, sharedDatabase: false, logger: capture().logger });
    expect(again.primaryKeyId).toBe(ring.primaryKeyId);
    expect(again.decrypt(envelope, ROW)).toBe("tok");
    expect(readFileSync(file, "utf8")).toBe(stored);
  });

  it("refuses to run without a key on a shared PostgreSQL server, naming TOKEN_ENCRYPTION_KEY", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-vault-"));
    expect(() => openKeyRing(none, { dataDir, sharedDatabase: true, logger: capture().logger })).toThrow(
      expect.objectContaining({
        code: "invalid_config",
        message: expect.stringMatching(/TOKEN_ENCRYPTION_KEY: required when DATABASE_URL is set/),
      }),
    );
    expect(() => statSync(join(dataDir, DEV_KEY_FILE))).toThrow();
  });

  it("refuses a development key file that others can read, or that holds no key", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-vault-"));
    const file = join(dataDir, DEV_KEY_FILE);
    const open = () => openKeyRing(none, { dataDir, sharedDatabase: false, logger: capture().logger });
    writeFileSync(file, "garbage\n", { mode: 0o600 });
    expect(open).toThrow(/does not hold a 32-byte key/);
    if (process.platform === "win32") return;
    writeFileSync(file, `${generateKey()}\n`);
    chmodSync(file, 0o644);
    expect(open).toThrow(/readable by other users; run chmod 600/);
  });

  it("keeps a throwaway key in memory for an in-memory database", () => {
    const a = openKeyRing(none, { dataDir: "memory://", sharedDatabase: false, logger: capture().logger });
    const b = openKeyRing(none, { dataDir: "memory://", sharedDatabase: false, logger: capture().logger });
    expect(a.primaryKeyId).not.toBe(b.primaryKeyId);
  });
});
