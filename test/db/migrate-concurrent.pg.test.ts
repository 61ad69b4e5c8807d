import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../src/db/migrate.ts";
import { openPostgres } from "../../src/db/postgres.ts";
import { silentLogger } from "../../src/logger.ts";
import { dropSchema, pgUrl } from "../helpers/db.ts";

const logger = silentLogger();

describe.skipIf(!pgUrl)("migrations on a PostgreSQL server", () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  it("applies each migration once when many processes start at the same moment", async () => {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    schemas.push(schema);
    const dbs = Array.from({ length: 6 }, () => openPostgres({ url: pgUrl as string, schema, poolSize: 2, logger }));
    const results = await Promise.all(dbs.map((db) => migrate(db, logger)));
    const total = loadMigrations().length;
    expect(results.flat()).toHaveLength(total);
    expect(results.filter((r) => r.length === total)).toHaveLength(1);
    const rows = await dbs[0]?.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
    expect(rows?.rows[0]?.n).toBe(total);
    await Promise.all(dbs.map((db) => db.close()));
  });
});
