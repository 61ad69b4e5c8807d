import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate } from "../../src/db/migrate.ts";
import { openPglite } from "../../src/db/pglite.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import type { Db, DriverKind } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";

export const pgUrl: string | null = inject("pgUrl");

export interface TestDb {
  db: Db;
  kind: DriverKind;
  /** The schema (own per test database on the server). */
  schema: string;
  /** Connection URL for child processes (server only). */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own: a new schema on the server, or a new in-memory PGlite. */
export async function testDb(kind: DriverKind = pgUrl ? "postgres" : "pglite", opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const logger = silentLogger();
  if (kind === "pglite") {
    const schema = "ferry";
    const db = await openPglite({ dataDir: "memory://", schema });
    if (opts.migrate !== false) await migrate(db, logger);
    return { db, kind, schema, url: null, drop: () => db.close() };
  }
  if (!pgUrl) throw new Error("testDb('postgres') needs a PostgreSQL server");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const db = openPostgres({ url: pgUrl, schema, poolSize: 6, logger, applicationName: `ferry-test-${schema}` });
  if (opts.migrate !== false) await migrate(db, logger);
  return {
    db,
    kind,
    schema,
    url: pgUrl,
    async drop() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  if (!pgUrl) return;
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** Drivers the storage contract runs on: always PGlite, and the server when there is one. */
export const contractDrivers: DriverKind[] = pgUrl ? ["postgres", "pglite"] : ["pglite"];
