import os from "node:os";
import pg from "pg";

export const DB_PREFIX = "ferry_bench_";

/** Database name for a system: ferry_bench_<name> with non-word chars as "_". */
export function benchDbName(system: string): string {
  return DB_PREFIX + system.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

/** The admin URL with its database swapped for `db`. */
export function urlFor(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "ferry-bench" });
  await client.connect();
  return client;
}

export async function recreateDatabase(admin: pg.Client, db: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
}

export async function dropDatabase(admin: pg.Client, db: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}

export interface Snapshot {
  xactCommit: number;
  /** Commits in every other database: a noise indicator for the WAL figure. */
  otherCommits: number;
  walLsn: string;
  /** Checkpoints completed so far (each one makes later page writes log full pages). */
  checkpoints: number;
  /** OIDs of every database in the cluster (to spot CREATE/DROP DATABASE elsewhere). */
  databases: Set<number>;
}

async function checkpointCount(admin: pg.Client): Promise<number> {
  // PostgreSQL 17 moved these counters to pg_stat_checkpointer.
  for (const sql of [
    "SELECT (checkpoints_timed + checkpoints_req)::text AS n FROM pg_stat_bgwriter",
    "SELECT (num_timed + num_requested)::text AS n FROM pg_stat_checkpointer",
  ]) {
    try {
      const res = await admin.query<{ n: string }>(sql);
      return Number(res.rows[0]?.n);
    } catch {
      // try the next view
    }
  }
  return Number.NaN;
}

/**
 * Commit count of `db` and the cluster's current WAL position, read from the
 * admin connection (database `postgres`) so the read itself is not counted.
 * Backends publish their counters when they exit, and otherwise at most once
 * a second. A backend that goes idle less than a second after its last
 * flush waits 10 s (PGSTAT_IDLE_INTERVAL) before flushing again. So
 * connections that did work before a snapshot must exit or call
 * pg_stat_force_next_flush() themselves (see measure.ts).
 */
export async function snapshot(admin: pg.Client, db: string): Promise<Snapshot> {
  const res = await admin.query<{ mine: string | null; other: string; lsn: string }>(
    `SELECT sum(xact_commit) FILTER (WHERE datname = $1)::text AS mine,
            coalesce(sum(xact_commit) FILTER (WHERE datname IS DISTINCT FROM $1), 0)::text AS other,
            pg_current_wal_lsn()::text AS lsn
     FROM pg_stat_database`,
    [db],
  );
  const row = res.rows[0];
  if (!row || row.mine === null) throw new Error(`no pg_stat_database row for ${db}`);
  return {
    xactCommit: Number(row.mine),
    otherCommits: Number(row.other),
    walLsn: row.lsn,
    checkpoints: await checkpointCount(admin),
    databases: new Set((await admin.query<{ oid: number }>("SELECT oid::int AS oid FROM pg_database")).rows.map((r) => r.oid)),
  };
}

export async function walBytesBetween(admin: pg.Client, from: string, to: string): Promise<number> {
  const res = await admin.query<{ bytes: string }>("SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::text AS bytes", [from, to]);
  return Number(res.rows[0]?.bytes ?? Number.NaN);
}

/** The machine a benchmark ran on and the server settings that bear on its numbers, for its report. */
export async function machineInfo(admin: pg.Client): Promise<Record<string, string | number>> {
  const res = await admin.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN
       ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync',
        'wal_level', 'autovacuum', 'max_connections')`,
  );
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    ...Object.fromEntries(res.rows.map((r) => [r.name, r.setting])),
  };
}

/** Databases created or dropped between two snapshots. */
export function databaseChurn(a: Snapshot, b: Snapshot): number {
  let n = 0;
  for (const oid of a.databases) if (!b.databases.has(oid)) n++;
  for (const oid of b.databases) if (!a.databases.has(oid)) n++;
  return n;
}
