import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../src/db/migrate.ts";
import { openPglite } from "../../src/db/pglite.ts";
import { silentLogger } from "../../src/logger.ts";

const logger = silentLogger();

describe("migrations", () => {
  it("numbers files without gaps", () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    const dir = mkdtempSync(join(tmpdir(), "ferry-mig-"));
    writeFileSync(join(dir, "0001_a.sql"), "SELECT 1;");
    writeFileSync(join(dir, "0003_c.sql"), "SELECT 1;");
    expect(() => loadMigrations(dir)).toThrow(/out of sequence/);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const db = await openPglite({ dataDir: "memory://", schema: "ferry" });
    try {
      await migrate(db, logger);
      const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "changed" } : m));
      await expect(migrate(db, logger, edited)).rejects.toThrow(/was edited after it was applied/);
      await expect(migrate(db, logger, [])).rejects.toThrow(/does not know/);
    } finally {
      await db.close();
    }
  });

  it("keeps a second process out of an embedded data folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ferry-lock-"));
    const first = await openPglite({ dataDir: dir, schema: "ferry" });
    try {
      await expect(openPglite({ dataDir: dir, schema: "ferry" })).rejects.toMatchObject({ code: "data_dir_locked" });
    } finally {
      await first.close();
    }
    // A lock left by a process that is gone is taken over.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(dir, "ferry.lock"), gone.stdout);
    const again = await openPglite({ dataDir: dir, schema: "ferry" });
    expect(readFileSync(join(dir, "ferry.lock"), "utf8")).toBe(String(process.pid));
    await again.close();
    expect(existsSync(join(dir, "ferry.lock"))).toBe(false);
  });
});
