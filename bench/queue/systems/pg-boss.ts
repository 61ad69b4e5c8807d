import { fileURLToPath } from "node:url";
import PgBoss from "pg-boss";
import type { QueueSystem } from "./types.ts";

export const PGBOSS_QUEUE = "bench";

export interface PgBossSettings {
  processes: number;
  /** Concurrent `work()` loops per process; each fetches one batch at a time. */
  workCalls: number;
  batchSize: number;
  /** pg-boss 10 rejects anything below 0.5 s. */
  pollingIntervalSeconds: number;
}

/** Best configuration found on the reference machine (see README). */
export const PGBOSS_BEST: PgBossSettings = {
  processes: 2,
  workCalls: 4,
  batchSize: 500,
  pollingIntervalSeconds: 0.5,
};

/** Options for a pg-boss instance that only works jobs (no cron, no maintenance). */
export function bossOptions(url: string, max: number): PgBoss.ConstructorOptions {
  return { connectionString: url, max, supervise: false, schedule: false, migrate: false };
}

export function pgBossSystem(s: PgBossSettings, name = "pg-boss"): QueueSystem {
  return {
    name,
    config:
      `${s.processes} process${s.processes > 1 ? "es" : ""} × ${s.workCalls} work() loop` +
      `${s.workCalls > 1 ? "s" : ""}, batchSize ${s.batchSize}, ` +
      `polling ${s.pollingIntervalSeconds} s, maintenance off`,
    workerScript: fileURLToPath(new URL("./pg-boss.worker.ts", import.meta.url)),
    workerArgs: [s.workCalls, s.batchSize, s.pollingIntervalSeconds].map(String),
    processes: s.processes,

    async setup(url) {
      const boss = new PgBoss({ ...bossOptions(url, 2), migrate: true });
      boss.on("error", (err) => console.error("[pg-boss setup]", err));
      await boss.start();
      await boss.createQueue(PGBOSS_QUEUE);
      await boss.stop({ graceful: false, wait: true });
    },

    async enqueue(url, jobs) {
      const boss = new PgBoss(bossOptions(url, 2));
      boss.on("error", (err) => console.error("[pg-boss enqueue]", err));
      await boss.start();
      try {
        const batch = Array.from({ length: jobs }, (_, i) => ({
          name: PGBOSS_QUEUE,
          data: { i: i + 1 },
        }));
        await boss.insert(batch); // one INSERT ... FROM json_to_recordset
        const { rows } = await boss.getDb().executeSql("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1", [PGBOSS_QUEUE]);
        const n = (rows[0] as { n?: number } | undefined)?.n;
        if (n !== jobs) throw new Error(`pg-boss holds ${n} jobs, expected ${jobs}`);
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    },

    // Capped: there is no index on state, and completed jobs stay in the table.
    remainingSql: `SELECT count(*)::int AS remaining FROM (SELECT 1 FROM pgboss.job
      WHERE name = '${PGBOSS_QUEUE}' AND state <> 'completed' LIMIT 1000) AS unfinished`,
    verifySql: `SELECT count(*)::int AS completed FROM pgboss.job WHERE name = '${PGBOSS_QUEUE}' AND state = 'completed'`,
  };
}

export const pgBoss = pgBossSystem(PGBOSS_BEST);
