import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { openPglite } from "../../src/db/pglite.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { generateKey, keyId, parseKey } from "../../src/vault/keys.ts";
import { insertConnection } from "../helpers/vault.ts";

/** Runs the real CLI code in this process. */
async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { LOG_LEVEL: "error", ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const ring = (primary: string, ...older: string[]) =>
  new KeyRing(
    parseKey(primary, "k"),
    older.map((k) => parseKey(k, "k")),
  );

/** Adds connections to the embedded database in `dataDir` (the CLI must not hold it meanwhile). */
async function seed(dataDir: string, keys: KeyRing, tokens: string[]): Promise<string[]> {
  const db = await openPglite({ dataDir, schema: "ferry" });
  try {
    const ids: string[] = [];
    for (const token of tokens) ids.push((await insertConnection(db, keys, token, `${token}_refresh`)).id);
    return ids;
  } finally {
    await db.close();
  }
}

describe("ferry keys", () => {
  it("generate prints a fresh 32-byte key in base64 and its id", async () => {
    const a = await run(["keys", "generate"], {});
    const b = await run(["keys", "generate"], {});
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.out).not.toBe(b.out);
    expect(a.err).toBe(`key id ${keyId(parseKey(a.out, "k"))}`);
  });

  it("status and rotate move every token from the old key to the new one; the old key can then go", async () => {
    const [keyA, keyB] = [generateKey(), generateKey()];
    const env = { FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), "ferry-keys-")) };
    expect((await run(["migrate"], env)).code).toBe(0);
    await seed(env.FERRY_DATA_DIR, ring(keyA), ["tok_one", "tok_two", "tok_three"]);
    const [idA, idB] = [keyId(parseKey(keyA, "k")), keyId(parseKey(keyB, "k"))];

    const before = await run(["keys", "status"], { ...env, TOKEN_ENCRYPTION_KEY: keyB, TOKEN_ENCRYPTION_OLD_KEYS: keyA });
    expect(before.out).toContain(`primary key ${idB}; older keys: ${idA}`);
    expect(before.out).toMatch(new RegExp(`connections\\.access_token\\s+${idA}\\s+older\\s+3`));

    const rotated = await run(["keys", "rotate", "--batch-size", "2"], {
      ...env,
      TOKEN_ENCRYPTION_KEY: keyB,
      TOKEN_ENCRYPTION_OLD_KEYS: keyA,
    });
    expect(rotated).toMatchObject({ code: 0, out: `scanned 3 rows, rotated 3, failed 0 (primary key ${idB})` });

    const onlyB = { ...env, NOTION_TOKEN_ENCRYPTION_KEY: keyB };
    expect((await run(["keys", "rotate"], onlyB)).out).toMatch(/^scanned 3 rows, rotated 0, failed 0/);
    const after = await run(["keys", "status"], onlyB);
    expect(after.out).toMatch(new RegExp(`connections\\.access_token\\s+${idB}\\s+primary\\s+3`));
    expect(after.out).toMatch(new RegExp(`connections\\.refresh_token\\s+${idB}\\s+primary\\s+3`));
    expect(after.out).not.toContain(idA);
  });

  it("rotate exits non-zero and names the rows no key can decrypt, without their content", async () => {
    const key = generateKey();
    const env = { FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), "ferry-keys-")), TOKEN_ENCRYPTION_KEY: key };
    await run(["migrate"], env);
    const [lost] = await seed(env.FERRY_DATA_DIR, ring(generateKey()), ["tok_lost_forever"]);
    await seed(env.FERRY_DATA_DIR, ring(key), ["tok_fine"]);
    const r = await run(["keys", "rotate"], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^scanned 2 rows, rotated 0, failed 1/);
    expect(r.err).toContain(`connections ${lost} access_token`);
    expect(r.err).toMatch(/error \[decryption_failed\]: 1 row\(s\) could not be decrypted/);
    expect(r.out + r.err).not.toContain("tok_lost_forever");
  });

  it("stops at once on a malformed key, naming the variable and not the value", async () => {
    const env = { FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), "ferry-keys-")) };
    for (const name of ["TOKEN_ENCRYPTION_KEY", "NOTION_TOKEN_ENCRYPTION_KEY"]) {
      const r = await run(["keys", "rotate"], { ...env, [name]: "sekrit-but-short" });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${name}: expected exactly 32 bytes written as 64 hex characters, base64 or base64url`);
      expect(r.err).not.toContain("sekrit");
    }
  });

  it("refuses to start on a PostgreSQL server without TOKEN_ENCRYPTION_KEY, before connecting", async () => {
    // Nothing listens on port 1: reaching the database would fail differently.
    const r = await run(["start"], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error \[invalid_config\].*TOKEN_ENCRYPTION_KEY: required when DATABASE_URL is set/);
  });
});
