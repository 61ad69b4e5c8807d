import pg from "pg";
import type { Logger } from "../logger.ts";
import { type Db, type Queryable, type QueryOptions, type QueryResult, quoteIdent } from "./types.ts";

export interface PostgresOptions {
  url: string;
  schema: string;
  poolSize: number;
  applicationName?: string;
  logger: Logger;
}

function wrap(client: pg.PoolClient | pg.Pool | pg.Client): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
      const res = await client.query({ text, values: params as unknown[] | undefined, name: opts?.name });
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

/** A node-postgres pool whose connections all start with Ferry's schema on the search_path. */
export function openPostgres(opts: PostgresOptions): Db {
  const connection = {
    connectionString: opts.url,
    application_name: opts.applicationName ?? "ferry",
    // Custom plans always: the queue's statements take arrays and limits whose generic plans
    // (chosen after five runs of a prepared statement) are many times slower than planning anew.
    options: `-c search_path=${quoteIdent(opts.schema)},public -c idle_in_transaction_session_timeout=60000 -c plan_cache_mode=force_custom_plan`,
  };
  const pool = new pg.Pool({ ...connection, max: opts.poolSize, idleTimeoutMillis: 30_000 });
  pool.on("error", (err) => opts.logger.warn({ err: err.message }, "idle database connection failed"));
  const base = wrap(pool);
  const listeners = new Set<pg.Client>();

  return {
    driver: "postgres",
    schema: opts.schema,
    query: (text, params, qo) => base.query(text, params, qo),
    exec: (sql) => base.exec(sql),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      let stopped = false;
      let client: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client(connection);
        c.on("notification", (msg) => {
          if (msg.channel === channel) onNotify(msg.payload ?? "");
        });
        c.on("error", (err) => {
          opts.logger.warn({ err: err.message, channel }, "listen connection lost; reconnecting");
          listeners.delete(c);
          c.end().catch(() => undefined);
          if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
        });
        await c.connect();
        await c.query(`LISTEN ${quoteIdent(channel)}`);
        client = c;
        listeners.add(c);
        // A notification may have been missed while reconnecting: wake the subscriber once.
        onNotify("");
      };
      await connect();
      return async () => {
        stopped = true;
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => undefined);
        }
      };
    },
    async close() {
      await Promise.all([...listeners].map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

/** Checks that a server answers, with a short timeout (the test setup uses it to pick a database). */
export async function canConnect(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
