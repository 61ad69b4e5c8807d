import { fileURLToPath } from "node:url";
import pg from "pg";
import type { QueueSystem } from "./types.ts";

/** Settings shared by the adapter (for `config`) and the worker process. */
export interface BareSettings {
  processes: number;
  /** Concurrent DELETE loops (one connection each) per process. */
  loops: number;
  batchSize: number;
}

export const BARE_BEST: BareSettings = { processes: 2, loops: 1, batchSize: 500 };

async function withClient(url: string, fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

export function bareSystem(s: BareSettings, name = "bare-delete"): QueueSystem {
  return {
    name,
    config:
      `ceiling: ${s.processes} processes × ${s.loops} loop${s.loops > 1 ? "s" : ""}, ` +
      `DELETE … LIMIT ${s.batchSize} FOR UPDATE SKIP LOCKED`,
    workerScript: fileURLToPath(new URL("./bare-delete.worker.ts", import.meta.url)),
    workerArgs: [String(s.loops), String(s.batchSize)],
    processes: s.processes,

    async setup(url) {
      await withClient(url, async (c) => {
        await c.query("CREATE TABLE t (id bigserial PRIMARY KEY, payload jsonb NOT NULL)");
      });
    },

    async enqueue(url, jobs) {
      await withClient(url, async (c) => {
        const res = await c.query("INSERT INTO t (payload) SELECT jsonb_build_object('i', i) FROM generate_series(1, $1::int) AS i", [
          jobs,
        ]);
        if (res.rowCount !== jobs) throw new Error(`inserted ${res.rowCount} rows, expected ${jobs}`);
      });
    },

    remainingSql: "SELECT count(*)::int AS remaining FROM (SELECT 1 FROM t LIMIT 1000) AS unfinished",
  };
}

export const bareDelete = bareSystem(BARE_BEST);
