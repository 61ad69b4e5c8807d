import type { Logger } from "../logger.ts";
import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

/** Where the database is: a server's URL, or the embedded one's folder; Ferry's schema; the pool's size. */
export interface DatabaseOptions {
  url: string | undefined;
  dataDir: string;
  schema: string;
  poolSize: number;
}

/** node-postgres when a server is configured, PGlite otherwise. */
export async function openDb(db: DatabaseOptions, logger: Logger, applicationName?: string): Promise<Db> {
  if (db.url) {
    return openPostgres({ url: db.url, schema: db.schema, poolSize: db.poolSize, logger, applicationName });
  }
  logger.info({ dataDir: db.dataDir }, "no DATABASE_URL: using the embedded database (PGlite)");
  return openPglite({ dataDir: db.dataDir, schema: db.schema });
}
