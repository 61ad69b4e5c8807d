import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FerryError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { type Db, quoteIdent } from "./types.ts";

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `migrations/NNNN_name.sql`, in order; numbers must be 1, 2, 3 ... without gaps. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  return files.map((file, i) => {
    const m = FILE.exec(file);
    if (!m?.[1] || !m[2]) throw new FerryError("migration_failed", `migration file ${file} must be named NNNN_name.sql`);
    const version = Number(m[1]);
    if (version !== i + 1)
      throw new FerryError("migration_failed", `migration ${file} is out of sequence: expected ${String(i + 1).padStart(4, "0")}`);
    const sql = readFileSync(join(dir, file), "utf8");
    return { version, name: m[2], sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/**
 * Applies pending migrations in one transaction under an advisory lock keyed by the schema,
 * so several processes starting at once apply each migration exactly once. Forward-only:
 * an applied migration whose file changed is an error, never silently re-run.
 */
export async function migrate(db: Db, logger: Logger, migrations = loadMigrations()): Promise<number[]> {
  const schema = quoteIdent(db.schema);
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`ferry.migrate:${db.schema}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    const applied = await tx.query<{ version: number; checksum: string; name: string }>(
      `SELECT version, checksum, name FROM ${schema}.schema_migrations ORDER BY version`,
    );
    const known = new Map(applied.rows.map((r) => [r.version, r]));
    for (const row of applied.rows) {
      const file = migrations.find((m) => m.version === row.version);
      if (!file)
        throw new FerryError(
          "migration_failed",
          `database has migration ${row.version} (${row.name}) that this version of Ferry does not know; upgrade Ferry`,
        );
      if (file.checksum !== row.checksum)
        throw new FerryError(
          "migration_failed",
          `migration ${row.version}_${row.name} was edited after it was applied; add a new migration instead`,
        );
    }
    const done: number[] = [];
    for (const m of migrations) {
      if (known.has(m.version)) continue;
      await tx.exec(`SET LOCAL search_path TO ${schema}, public;\n${m.sql}`);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        m.checksum,
      ]);
      logger.info({ version: m.version, name: m.name }, "applied migration");
      done.push(m.version);
    }
    return done;
  });
}

/** Throws unless every known migration is applied: for commands that must not change the schema. */
export async function assertMigrated(db: Db, migrations = loadMigrations()): Promise<void> {
  const schema = quoteIdent(db.schema);
  let applied: number[] = [];
  try {
    const res = await db.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    applied = res.rows.map((r) => r.version);
  } catch {
    // no migrations table yet
  }
  const missing = migrations.filter((m) => !applied.includes(m.version));
  if (missing.length > 0) {
    throw new FerryError(
      "migration_failed",
      `the database (schema ${db.schema}) is missing migrations ${missing.map((m) => m.version).join(", ")}; run \`ferry migrate\` or start Ferry once`,
    );
  }
}
