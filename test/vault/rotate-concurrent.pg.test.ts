import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aadFor, envelopeKeyId } from "../../src/vault/envelope.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { rotateSecrets } from "../../src/vault/rotate.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";
import { insertConnection, newKey, storedTokens } from "../helpers/vault.ts";

describe.skipIf(!pgUrl)("token vault rotation racing a token refresh (PostgreSQL)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb("postgres");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("waits for a refresh that holds the row, then rotates the fresh token, not the stale one it read first", async () => {
    const [A, B] = [newKey(), newKey()];
    const ringA = new KeyRing(A);
    const ringBA = new KeyRing(B, [A]);
    const { id } = await insertConnection(t.db, ringA, "stale_access_token", "stale_refresh_token");
    const aad = aadFor("connections", id, "access_token");

    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A process still on the old key refreshes the token while holding the row.
    const refresh = t.db.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM connections WHERE id = $1 FOR UPDATE", [id]);
      locked();
      await gate;
      await tx.query("UPDATE connections SET access_token = $2 WHERE id = $1", [id, ringA.encrypt("fresh_access_token", aad)]);
    });
    await isLocked;
    let done = false;
    const rotation = rotateSecrets(t.db, ringBA).finally(() => {
      done = true;
    });
    await sleep(300);
    expect(done).toBe(false); // blocked on the refresher's row lock
    release();
    await refresh;
    expect(await rotation).toMatchObject({ scanned: 1, rotated: 1, failed: 0 });
    const stored = await storedTokens(t.db, id);
    expect(envelopeKeyId(stored.access_token)).toBe(ringBA.primaryKeyId);
    expect(new KeyRing(B).decrypt(stored.access_token, aad)).toBe("fresh_access_token");
    expect(new KeyRing(B).decrypt(stored.refresh_token ?? "", aadFor("connections", id, "refresh_token"))).toBe("stale_refresh_token");
  });
});
