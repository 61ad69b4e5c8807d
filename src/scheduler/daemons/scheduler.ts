import { startLoop } from "../../queue/daemons/loop.ts";
import { Leadership } from "../leader.ts";
import { type TickDeps, tick } from "../tick.ts";

export interface SchedulerDaemonOptions extends TickDeps {
  /** This process, as the leader's row names it (the worker id). */
  holder: string;
}

/** The lead outlives three ticks: a leader that misses two is replaced at the third. */
export const leaseMsFor = (tickMs: number) => Math.max(3 * tickMs, 10_000);

/**
 * The scheduler in a worker process: every tick it bids for the lead, and ticks if it has it.
 * Every worker process runs it; one leads at a time. Returns a function that stops it and gives
 * the lead up.
 */
export function startScheduler(opts: SchedulerDaemonOptions): () => Promise<void> {
  const leadership = new Leadership(opts.db, { holder: opts.holder, leaseMs: leaseMsFor(opts.settings.tickMs), clock: opts.clock });
  const stop = startLoop({
    intervalMs: opts.settings.tickMs,
    jitter: 0.1,
    firstWithinMs: Math.min(opts.settings.tickMs, 2000),
    logger: opts.logger,
    failure: "scheduler tick failed; trying again",
    tick: async () => {
      const lead = await leadership.bid();
      if (lead) await tick(opts, lead);
    },
  });
  return async () => {
    stop();
    await leadership.resign().catch(() => {});
  };
}
