import type { Clock } from "../../clock.ts";
import type { Queryable } from "../../db/types.ts";
import type { Logger } from "../../logger.ts";
import { reapExpiredLeases } from "../sql/leases.ts";

/**
 * Returns expired leases to the queue (or to the dead letter at max attempts). Each worker runs
 * it as part of its claim pass, at most once per interval; concurrent runs skip each other's rows.
 */
export class LeaseReaper {
  private last = 0;
  private running = false;
  totals = { requeued: 0, deadLettered: 0 };

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Runs a pass if the interval elapsed; never throws, never overlaps itself. */
  maybeRun(): void {
    const now = Date.now();
    if (this.running || now - this.last < this.intervalMs) return;
    this.last = now;
    this.running = true;
    this.runNow()
      .catch((err) => this.logger.warn({ err: (err as Error).message }, "lease reaper pass failed"))
      .finally(() => {
        this.running = false;
      });
  }

  async runNow(): Promise<{ requeued: number; deadLettered: number }> {
    const result = await reapExpiredLeases(this.db, this.clock.now());
    if (result.requeued + result.deadLettered > 0) {
      this.logger.warn(result, "expired job leases returned to the queue");
      this.totals.requeued += result.requeued;
      this.totals.deadLettered += result.deadLettered;
    }
    return result;
  }
}
