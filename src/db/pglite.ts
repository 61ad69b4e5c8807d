import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite, types } from "@electric-sql/pglite";
import { FerryError } from "../errors.ts";
import { type Db, type Queryable, type QueryOptions, type QueryResult, quoteIdent } from "./types.ts";

export interface PgliteOptions {
  /** A folder, or `memory://` for a throwaway database. */
  dataDir: string;
  schema: string;
}

interface PgliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(target: PgliteLike): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[], _opts?: QueryOptions): Promise<QueryResult<R>> {
      const res = await target.query<R>(text, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite is one Postgres in this process: two processes opening the same folder would corrupt it.
 * A lock file holding our pid keeps a second `ferry` process out with a clear error.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, "ferry.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isFinite(holder) && (holder === process.pid || processAlive(holder))) {
        throw new FerryError(
          "data_dir_locked",
          `the embedded database in ${dir} is in use by process ${holder}; stop it first, or set DATABASE_URL to share a PostgreSQL server between processes`,
          { data_dir: dir, pid: holder },
        );
      }
      rmSync(lockPath, { force: true }); // stale lock from a process that is gone
    }
  }
  throw new FerryError("data_dir_locked", `could not lock the embedded database in ${dir}`, { data_dir: dir });
}

/** The embedded driver: same SQL and migrations as PostgreSQL, single process. */
export async function openPglite(opts: PgliteOptions): Promise<Db> {
  const memory = opts.dataDir.startsWith("memory://");
  const unlock = memory ? () => undefined : lockDataDir(opts.dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(memory ? undefined : opts.dataDir, {
      // Match node-postgres: int8 stays an exact string.
      parsers: { [types.INT8]: (v: string) => v },
    });
    await pg.exec(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(opts.schema)}; SET search_path TO ${quoteIdent(opts.schema)}, public; SET plan_cache_mode = force_custom_plan;`,
    );
  } catch (err) {
    unlock();
    throw err;
  }
  const base = wrap(pg as unknown as PgliteLike);
  return {
    driver: "pglite",
    schema: opts.schema,
    query: (text, params, qo) => base.query(text, params, qo),
    exec: (sql) => base.exec(sql),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx as unknown as PgliteLike))),
    async listen(channel, onNotify) {
      const unsub = await pg.listen(quoteIdent(channel), onNotify);
      return async () => unsub();
    },
    async close() {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
