import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aadFor, envelopeKeyId } from "../../src/vault/envelope.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { rotateSecrets } from "../../src/vault/rotate.ts";
import { keyUsage } from "../../src/vault/status.ts";
import { contractDrivers, type TestDb, testDb } from "../helpers/db.ts";
import { connectionsAsText, insertConnection, newKey, type StoredTokens, storedTokens } from "../helpers/vault.ts";

const [A, B, C] = [newKey(), newKey(), newKey()];
const ringA = new KeyRing(A);
const ringBA = new KeyRing(B, [A]);
const ringB = new KeyRing(B);

/** Every way the known token could sit in the table in the clear. */
function spellings(token: string): string[] {
  const bytes = Buffer.from(token);
  return [token, bytes.toString("base64").replace(/=+$/, ""), bytes.toString("base64url"), bytes.toString("hex")];
}

describe.each(contractDrivers)("token vault rotation on %s", (driver) => {
  let t: TestDb;
  let rows: StoredTokens[];
  let moved: { id: string; before: string };
  let unknown: { id: string; before: string };

  beforeAll(async () => {
    t = await testDb(driver);
    rows = [];
    for (let i = 0; i < 7; i++) {
      rows.push(
        await insertConnection(t.db, ringA, `ntn_known_access_token_${i}_${"x".repeat(20)}`, i % 3 === 0 ? null : `refresh_${i}_secret`),
      );
    }
    // A corrupt row: its access token envelope was written for another row.
    const m = await insertConnection(t.db, ringA, "moved_access_token", null);
    const foreign = ringA.encrypt("moved_access_token", aadFor("connections", rows[0]?.id ?? "", "access_token"));
    await t.db.query("UPDATE connections SET access_token = $2 WHERE id = $1", [m.id, foreign]);
    moved = { id: m.id, before: foreign };
    // A row under a key nobody configured.
    const u = await insertConnection(t.db, new KeyRing(C), "lost_access_token", "lost_refresh_token");
    unknown = { id: u.id, before: (await storedTokens(t.db, u.id)).access_token };
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("stores no plaintext token: the known tokens appear nowhere in the table, in no encoding", async () => {
    const text = await connectionsAsText(t.db);
    expect(text).toContain("access_token"); // the search did read the token columns
    for (const r of rows) {
      for (const token of [r.access, r.refresh].filter((x): x is string => x !== null)) {
        for (const s of spellings(token)) expect(text).not.toContain(s);
      }
    }
  });

  it("re-encrypts every row under the new key, reports the undecryptable ones by id and leaves them alone", async () => {
    const usageBefore = await keyUsage(t.db, ringBA);
    expect(usageBefore).toContainEqual({ table: "connections", column: "access_token", kid: ringA.primaryKeyId, role: "older", count: 8 });
    const result = await rotateSecrets(t.db, ringBA, { batchSize: 3 });
    expect(result).toMatchObject({ scanned: 9, rotated: 7, failed: 2 });
    expect(result.failures.map((f) => [f.id, f.column]).sort()).toEqual(
      [
        [moved.id, "access_token"],
        [unknown.id, "access_token"],
      ].sort(),
    );
    expect(result.failures.find((f) => f.id === unknown.id)?.reason).toContain(
      `no configured key has the id ${new KeyRing(C).primaryKeyId}`,
    );
    expect(JSON.stringify(result)).not.toMatch(/moved_access_token|lost_access_token|lost_refresh_token/);
    expect((await storedTokens(t.db, moved.id)).access_token).toBe(moved.before);
    expect((await storedTokens(t.db, unknown.id)).access_token).toBe(unknown.before);

    for (const r of rows) {
      const stored = await storedTokens(t.db, r.id);
      expect(envelopeKeyId(stored.access_token)).toBe(ringB.primaryKeyId);
      // Key A is no longer needed: a ring without it decrypts every rotated row.
      expect(ringB.decrypt(stored.access_token, aadFor("connections", r.id, "access_token"))).toBe(r.access);
      if (r.refresh === null) expect(stored.refresh_token).toBeNull();
      else expect(ringB.decrypt(stored.refresh_token ?? "", aadFor("connections", r.id, "refresh_token"))).toBe(r.refresh);
    }
    const usage = await keyUsage(t.db, ringB);
    expect(usage.filter((u) => u.kid === ringB.primaryKeyId)).toEqual([
      { table: "connections", column: "access_token", kid: ringB.primaryKeyId, role: "primary", count: 7 },
      { table: "connections", column: "refresh_token", kid: ringB.primaryKeyId, role: "primary", count: 4 },
    ]);
    expect(usage.filter((u) => u.kid !== ringB.primaryKeyId).map((u) => u.role)).toEqual(expect.arrayContaining(["unknown"]));
  });

  it("does nothing the second time but report the same undecryptable rows", async () => {
    const before = await connectionsAsText(t.db);
    expect(await rotateSecrets(t.db, ringBA, { batchSize: 2 })).toMatchObject({ scanned: 9, rotated: 0, failed: 2 });
    expect(await connectionsAsText(t.db)).toBe(before);
  });
});
