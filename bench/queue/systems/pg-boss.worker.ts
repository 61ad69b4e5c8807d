import PgBoss from "pg-boss";
import { runWorker } from "../worker-ipc.ts";
import { bossOptions, PGBOSS_QUEUE } from "./pg-boss.ts";

const workCalls = Number(process.argv[2] ?? 1);
const batchSize = Number(process.argv[3] ?? 500);
const pollingIntervalSeconds = Number(process.argv[4] ?? 0.5);
// Each loop holds a connection for its fetch while its previous batch's
// fire-and-forget complete() may still be running on another.
const poolSize = 2 * workCalls + 2;

let boss: PgBoss | undefined;

runWorker({
  async prepare(url) {
    boss = new PgBoss(bossOptions(url, poolSize));
    boss.on("error", (err) => console.error("[pg-boss]", err));
    await boss.start();
  },

  async start() {
    if (!boss) throw new Error("start before prepare");
    for (let i = 0; i < workCalls; i++) {
      await boss.work(PGBOSS_QUEUE, { batchSize, pollingIntervalSeconds }, async () => {});
    }
  },

  async stop() {
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  },
});
