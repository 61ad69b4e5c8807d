import type { Logger } from "../../logger.ts";
import type { Queue } from "../queue.ts";
import { startLoop } from "./loop.ts";

export interface CleanupOptions {
  queue: Queue;
  logger: Logger;
  retention: { completedDays: number; deadLetterDays: number };
  intervalMs?: number;
}

/** Deletes finished jobs past their retention, hourly (with jitter so processes spread out). */
export function startCleanupDaemon(opts: CleanupOptions): () => void {
  const interval = opts.intervalMs ?? 3_600_000;
  return startLoop({
    intervalMs: interval,
    jitter: 0.1,
    firstWithinMs: Math.min(interval, 60_000),
    logger: opts.logger,
    failure: "job cleanup failed",
    tick: async () => {
      const result = await opts.queue.cleanup(opts.retention);
      if (result.completed + result.deadLettered > 0) opts.logger.info(result, "deleted finished jobs past retention");
    },
  });
}
