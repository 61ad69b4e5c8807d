import { type Queryable, quoteIdent } from "../db/types.ts";

/** A table whose columns hold vault envelopes. */
export interface SecretTable {
  table: string;
  /** Its primary key; read as text, and part of each secret's associated data. */
  idColumn: string;
  columns: readonly string[];
}

/**
 * Every column that holds vault envelopes. Rotation and `ferry keys status` walk this list: a new
 * table with secrets is one more line here.
 */
export const SECRET_TABLES: readonly SecretTable[] = [{ table: "connections", idColumn: "id", columns: ["access_token", "refresh_token"] }];

/** A row's id (as text) and its secret columns (null where empty). */
export type SecretRow = { id: string } & Record<string, string | null>;

function selectList(t: SecretTable): string {
  return [`${quoteIdent(t.idColumn)}::text AS id`, ...t.columns.map(quoteIdent)].join(", ");
}

/** The next `limit` rows in id order after `afterId` (from the start when undefined). */
export async function secretRowsAfter(q: Queryable, t: SecretTable, afterId: string | undefined, limit: number): Promise<SecretRow[]> {
  const id = quoteIdent(t.idColumn);
  const from = `SELECT ${selectList(t)} FROM ${quoteIdent(t.table)}`;
  const res =
    afterId === undefined
      ? await q.query<SecretRow>(`${from} ORDER BY ${id} LIMIT $1`, [limit])
      : await q.query<SecretRow>(`${from} WHERE ${id} > $1 ORDER BY ${id} LIMIT $2`, [afterId, limit]);
  return res.rows;
}

/** Reads one row and locks it until the transaction ends, so a concurrent writer waits for us. */
export async function lockSecretRow(tx: Queryable, t: SecretTable, id: string): Promise<SecretRow | undefined> {
  const res = await tx.query<SecretRow>(
    `SELECT ${selectList(t)} FROM ${quoteIdent(t.table)} WHERE ${quoteIdent(t.idColumn)} = $1 FOR UPDATE`,
    [id],
  );
  return res.rows[0];
}

/** Writes new envelopes into some of a row's secret columns. Column names come from SECRET_TABLES only. */
export async function updateSecretRow(tx: Queryable, t: SecretTable, id: string, values: ReadonlyMap<string, string>): Promise<void> {
  const columns = [...values.keys()].filter((c) => t.columns.includes(c));
  const sets = columns.map((c, i) => `${quoteIdent(c)} = $${i + 2}`).join(", ");
  await tx.query(`UPDATE ${quoteIdent(t.table)} SET ${sets} WHERE ${quoteIdent(t.idColumn)} = $1`, [
    id,
    ...columns.map((c) => values.get(c)),
  ]);
}

/**
 * Rows per key id in one column. Only the key id of a well-formed envelope is read: anything else
 * counts under null, so a stray plaintext value never reaches the output, not even in part.
 */
export async function countByKeyId(q: Queryable, t: SecretTable, column: string): Promise<Array<{ kid: string | null; count: number }>> {
  const c = quoteIdent(column);
  const res = await q.query<{ kid: string | null; count: number }>(
    `SELECT CASE WHEN ${c} ~ '^v1[.][0-9a-f]{8}[.]' THEN substr(${c}, 4, 8) END AS kid, count(*)::int AS count
     FROM ${quoteIdent(t.table)} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return res.rows;
}
