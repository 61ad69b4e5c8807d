import { leaseMsFor } from "./daemons/scheduler.ts";
import { Leadership, SCHEDULER } from "./leader.ts";
import { leaderRow } from "./sql/leader.ts";
import { type TickDeps, type TickReport, tick } from "./tick.ts";

/** The holder name of ticks run by an HTTP trigger: one cron after another keeps the same lead. */
export const TRIGGER_HOLDER = "http-trigger";

/**
 * One tick on demand (seed 001's cron trigger, for setups without long-lived workers): bids for
 * the lead as the HTTP trigger and ticks if it gets it. When a worker process leads, it does not
 * tick and says who does: the workers are already scheduling.
 */
export async function tickOnce(deps: TickDeps): Promise<{ ticked: true; report: TickReport } | { ticked: false; leader: string | null }> {
  const lead = await new Leadership(deps.db, {
    holder: TRIGGER_HOLDER,
    leaseMs: leaseMsFor(deps.settings.tickMs),
    clock: deps.clock,
  }).bid();
  if (!lead) return { ticked: false, leader: (await leaderRow(deps.db, SCHEDULER))?.holder ?? null };
  return { ticked: true, report: await tick(deps, lead) };
}
