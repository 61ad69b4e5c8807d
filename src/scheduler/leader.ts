import type { Clock } from "../clock.ts";
import type { Db } from "../db/types.ts";
import { dropLead, takeLead } from "./sql/leader.ts";
import type { Lead } from "./sql/schedules.ts";

/** The scheduler's one row in `scheduler_leader`. */
export const SCHEDULER = "sync";

/**
 * One process's bid for the scheduler's lead. Every worker process bids before each tick; the
 * holder keeps its fence while it renews within `leaseMs`, and another process takes over (with
 * the next fence) once the lease has run out, so a dead leader is replaced within `leaseMs` plus
 * a tick. Each write of a tick is checked against the fence (see sql/leader.ts#stillLeads): a
 * leader paused past its lease (SIGSTOP, a long GC) writes nothing when it resumes.
 */
export class Leadership {
  #fence: bigint | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: { holder: string; leaseMs: number; clock: Clock; name?: string },
  ) {}

  get name(): string {
    return this.opts.name ?? SCHEDULER;
  }

  /** Takes or renews the lead; the lead to act under, or null when another process has it. */
  async bid(): Promise<Lead | null> {
    const now = this.opts.clock.now();
    const fence = await takeLead(this.db, this.name, this.opts.holder, now, new Date(now.getTime() + this.opts.leaseMs));
    this.#fence = fence;
    return fence === null ? null : { name: this.name, fence };
  }

  /** Gives the lead up (a graceful shutdown), so another process need not wait for the lease. */
  async resign(): Promise<void> {
    if (this.#fence !== null) await dropLead(this.db, this.name, this.opts.holder, this.#fence);
    this.#fence = null;
  }
}
