import type { Logger } from "../../logger.ts";
import type { Queue } from "../queue.ts";

export interface CleanupOptions {
  queue: Queue;
  logger: Logger;
  retention: { completedDays: number; deadLetterDays: number };
  intervalMs?: number;
}

/** Deletes finished jobs past their retention, hourly (with jitter so processes spread out). */
export function startCleanupDaemon(opts: CleanupOptions): () => void {
  const interval = opts.intervalMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const result = await opts.queue.cleanup(opts.retention);
      if (result.completed + result.deadLettered > 0) opts.logger.info(result, "deleted finished jobs past retention");
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, "job cleanup failed");
    }
    if (!stopped) timer = setTimeout(run, interval * (0.9 + Math.random() * 0.2)).unref();
  };
  timer = setTimeout(run, Math.min(interval, 60_000) * Math.random()).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
