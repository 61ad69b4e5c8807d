import { afterAll, beforeAll } from "vitest";
import { type TestDb, testDb } from "./db.ts";

/** One test database for the file (see db.ts), made before its tests and dropped after them. */
export function useTestDb(): { readonly t: TestDb } {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });
  return {
    get t() {
      if (!t) throw new Error("no test database before the first test");
      return t;
    },
  };
}
