import { defineConfig } from "vitest/config";

// The multi-process queue tests fork up to 8 worker processes with their own connections;
// they run in a phase of their own, after everything else and one file at a time, so they neither starve the other
// files of CPU on a 2-core machine nor push the server past max_connections. The bounded 3,000-page
// push keeps both cores busy for a while: it runs there too, so timing-sensitive files never share them with it.
const HEAVY = [
  "test/cli/demo.test.ts",
  "test/sync/push-crash.pg.test.ts",
  "test/sync/calendar-multiprocess.pg.test.ts",
  "test/queue/multiprocess.pg.test.ts",
  "test/queue/stale-owner.pg.test.ts",
  "test/http-client/limiter-multiprocess.pg.test.ts",
  "test/scheduler/leader.pg.test.ts",
  "test/scheduler/bounded-run.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["test/helpers/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "main", include: ["test/**/*.test.ts"], exclude: HEAVY, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "multiprocess", include: HEAVY, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
