import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { ValidationError } from "../../src/errors.ts";
import { decodeKey, generateKey, keyId, parseKey } from "../../src/vault/keys.ts";

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 61 + 251) % 256));

/** The error a call throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error("expected an error");
}

describe("vault keys: parsing", () => {
  it("accepts 64 hex characters, base64 and base64url, padded or not, all to the same bytes", () => {
    const spellings = [
      KEY.toString("hex"),
      KEY.toString("hex").toUpperCase(),
      KEY.toString("base64"),
      KEY.toString("base64").replace(/=$/, ""),
      KEY.toString("base64url"),
      `${KEY.toString("base64url")}=`,
    ];
    // The sample key has '+' or '/' in base64, so the two alphabets really differ.
    expect(KEY.toString("base64")).not.toBe(`${KEY.toString("base64url")}=`);
    for (const s of spellings) expect(parseKey(s, "TOKEN_ENCRYPTION_KEY").equals(KEY)).toBe(true);
  });

  it("rejects 31 and 33 bytes, 63 hex characters, mixed alphabets, non-canonical base64 and junk", () => {
    const b64 = KEY.toString("base64").replace(/=$/, "");
    const bad = [
      randomBytes(31).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(31).toString("hex"),
      randomBytes(33).toString("hex"),
      KEY.toString("hex").slice(1),
      `${KEY.toString("hex").slice(1)}g`,
      `${b64.slice(0, 10)}-${b64.slice(11, 20)}+${b64.slice(21)}`,
      `${b64.slice(0, -1)}${b64.at(-1) === "B" ? "C" : "B"}`, // stray low bits in the last character
      "",
      "not a key at all",
      `${KEY.toString("base64")}==`,
    ];
    expect(new Set(bad).size).toBe(bad.length);
    for (const s of bad) expect(decodeKey(s), JSON.stringify(s)).toBeUndefined();
  });

  it("names the variable and the accepted formats, never the value", () => {
    const value = "hunter2-is-not-a-32-byte-key";
    const e = thrown(() => parseKey(value, "TOKEN_ENCRYPTION_OLD_KEYS"));
    expect(e.code).toBe("invalid_config");
    expect(e.issues).toEqual([{ field: "TOKEN_ENCRYPTION_OLD_KEYS", message: expect.stringMatching(/32 bytes.*hex.*base64.*base64url/) }]);
    expect(e.message).toContain("TOKEN_ENCRYPTION_OLD_KEYS");
    expect(JSON.stringify({ message: e.message, details: e.details })).not.toContain("hunter2");
  });

  it("derives an 8-hex-character key id that differs between keys; generated keys are fresh and valid", () => {
    expect(keyId(KEY)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyId(Buffer.from(KEY))).toBe(keyId(KEY));
    const a = generateKey();
    const b = generateKey();
    expect(a).not.toBe(b);
    expect(decodeKey(a)?.length).toBe(32);
    expect(keyId(decodeKey(a) as Buffer)).not.toBe(keyId(decodeKey(b) as Buffer));
  });
});

describe("vault keys: configuration", () => {
  const secret = "c2VjcmV0LWJ1dC10b28tc2hvcnQ"; // base64 of 20 bytes

  it("stops loadConfig naming TOKEN_ENCRYPTION_KEY, or the alias it was given through, without the value", () => {
    const direct = thrown(() => loadConfig({ TOKEN_ENCRYPTION_KEY: secret }));
    expect(direct.code).toBe("invalid_config");
    expect(direct.issues.map((i) => i.field)).toEqual(["TOKEN_ENCRYPTION_KEY"]);
    expect(direct.message).toMatch(/TOKEN_ENCRYPTION_KEY: expected exactly 32 bytes written as 64 hex characters, base64 or base64url/);
    const alias = thrown(() => loadConfig({ NOTION_TOKEN_ENCRYPTION_KEY: secret }));
    expect(alias.issues.map((i) => i.field)).toEqual(["NOTION_TOKEN_ENCRYPTION_KEY"]);
    for (const e of [direct, alias]) expect(JSON.stringify([e.message, e.details])).not.toContain(secret);
  });

  it("points at the bad entry of TOKEN_ENCRYPTION_OLD_KEYS by position", () => {
    const e = thrown(() => loadConfig({ TOKEN_ENCRYPTION_OLD_KEYS: `${KEY.toString("hex")}, ${secret}` }));
    expect(e.message).toMatch(/TOKEN_ENCRYPTION_OLD_KEYS: key 2 of 2: expected exactly 32 bytes/);
    expect(e.message).not.toContain(secret);
  });

  it("hands valid keys to the config, the alias working like the name", () => {
    const hex = KEY.toString("hex");
    expect(loadConfig({}).vault).toEqual({ key: undefined, oldKeys: [] });
    expect(loadConfig({ NOTION_TOKEN_ENCRYPTION_KEY: hex }).vault.key).toBe(hex);
    const old = [generateKey(), generateKey()];
    expect(loadConfig({ TOKEN_ENCRYPTION_KEY: hex, TOKEN_ENCRYPTION_OLD_KEYS: ` ${old[0]} ,${old[1]},` }).vault).toEqual({
      key: hex,
      oldKeys: old,
    });
  });
});
