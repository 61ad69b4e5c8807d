/** The one small database interface Ferry's code is written against. Two drivers implement it. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /** Name for a server-side prepared statement (node-postgres); ignored by PGlite. */
  name?: string;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
  /** Runs several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DriverKind = "postgres" | "pglite";

export interface Db extends Queryable {
  readonly driver: DriverKind;
  /** Schema that holds Ferry's tables; first on the search_path of every connection. */
  readonly schema: string;
  /** Runs `fn` in a transaction on one connection; commits on return, rolls back on throw. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns an unsubscribe function. Reconnects on its own. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Quotes an identifier for SQL text. Callers validate names first; this guarantees safety regardless. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
