import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { runWorker } from "../worker-ipc.ts";

const loops = Number(process.argv[2] ?? 1);
const batchSize = Number(process.argv[3] ?? 500);

const CLAIM_AND_DELETE = `
  DELETE FROM t WHERE id IN (
    SELECT id FROM t ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
  )
  RETURNING id, payload`;

const clients: pg.Client[] = [];
let running = false;
let done: Promise<void>[] = [];

async function loop(client: pg.Client): Promise<void> {
  while (running) {
    const res = await client.query(CLAIM_AND_DELETE, [batchSize]);
    // Nothing claimable: back off instead of spinning empty transactions.
    if (res.rowCount === 0) await sleep(50);
  }
}

runWorker({
  async prepare(url) {
    for (let i = 0; i < loops; i++) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
    }
  },

  start() {
    running = true;
    done = clients.map((c) => loop(c));
  },

  async stop() {
    running = false;
    await Promise.all(done);
    await Promise.all(clients.map((c) => c.end()));
  },
});
