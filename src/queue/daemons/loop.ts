import type { Logger } from "../../logger.ts";

export interface LoopOptions {
  /** Time between two ticks, stretched at random by ± `jitter` (a fraction) so processes spread out. */
  intervalMs: number;
  jitter: number;
  /** The first tick comes at a random time within this (each process at its own). */
  firstWithinMs: number;
  logger: Logger;
  /** Logged (with the error) when a tick fails; the loop goes on. */
  failure: string;
  tick: () => Promise<void>;
}

/** Runs a periodic daemon's `tick` until the returned function stops it; timers never keep the process alive. */
export function startLoop(opts: LoopOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      await opts.tick();
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, opts.failure);
    }
    if (!stopped) timer = setTimeout(run, opts.intervalMs * (1 - opts.jitter + Math.random() * 2 * opts.jitter)).unref();
  };
  timer = setTimeout(run, opts.firstWithinMs * Math.random()).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
