import type { Command } from "commander";
import { ValidationError } from "../../errors.ts";
import { checkShares, type PlanTier, parsePlanTier, plan } from "../../scheduler/plan.ts";
import { schedulerStatus } from "../../scheduler/status.ts";
import { type CliContext, configFrom, int, withServices } from "../context.ts";

const num = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new ValidationError(`${name} must be a number from ${min} to ${max}`, [{ field: name, message: `got ${JSON.stringify(value)}` }]);
  return n;
};

const collect = (value: string, previous: PlanTier[]) => [...previous, parsePlanTier(value)];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function registerScheduler(program: Command, ctx: CliContext): void {
  const scheduler = program.command("scheduler").description("the fair scheduler of background syncs");

  scheduler
    .command("status")
    .description("the leader, the last tick, and per kind and tier the backlog and its lateness")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      withServices(ctx, async (s) => {
        const st = await schedulerStatus(s.db, s.config.scheduler, s.clock.now(), { providers: s.providers });
        if (opts.json) return ctx.out(JSON.stringify(st, null, 2));
        ctx.out(
          st.leader
            ? `leader: ${st.leader.holder} (fence ${st.leader.fence}${st.leader.active ? "" : ", lease expired"})`
            : "leader: none yet",
        );
        ctx.out(`last tick: ${st.last_tick_at ?? "never"}`);
        ctx.out(`tiers: ${st.tiers.map((t) => `${t.name}=${t.interval}`).join(", ")} (default ${st.default_tier})`);
        for (const c of st.capacity)
          ctx.out(
            `${c.kind}: demand ${c.demand_per_s} calls/s of ${c.background_per_s} for background syncs (quota ${c.quota_per_s}/s): ${c.status}`,
          );
        for (const b of st.backlog)
          ctx.out(
            `  ${b.kind.padEnd(5)} ${b.tier.padEnd(10)} users ${String(b.users).padStart(6)}  due ${String(b.due).padStart(6)}  in flight ${String(b.in_flight).padStart(4)}  late p50 ${b.lateness_s.p50} s, p95 ${b.lateness_s.p95} s, max ${b.lateness_s.max} s`,
          );
      }),
    );

  scheduler
    .command("plan")
    .description("does a fleet fit the quota? seed 001's arithmetic, per tier")
    .requiredOption("--users <n>", "users with background sync on", int("--users", 1))
    .option("--tier <name=share:interval>", "a tier, e.g. paid=0.2:15m (repeat; shares add up to 1)", collect, [])
    .option("--edits-per-day <n>", "edits a user makes per day", num("--edits-per-day", 0, 100_000), 5)
    .option("--calls-per-run <n>", "calls a run of a user with changes costs", num("--calls-per-run", 1, 100_000), 5)
    .option("--quota <n>", "the provider's requests per second (default NOTION_INTEGRATION_RATE_LIMIT's)", num("--quota", 0.01, 100_000))
    .option("--json", "print JSON")
    .action((opts: { users: number; tier: PlanTier[]; editsPerDay: number; callsPerRun: number; quota?: number; json?: boolean }) => {
      const config = configFrom(ctx);
      const tiers = opts.tier.length
        ? opts.tier
        : config.scheduler.tiers.map((t, _i, all) => ({ name: t.name, share: 1 / all.length, intervalMs: t.intervalMs }));
      checkShares(tiers);
      const notion = config.providers.configured.find((p) => p.descriptor.id === "notion")?.settings as { quota?: { perSecond: number } };
      const quota = opts.quota ?? notion?.quota?.perSecond ?? 3;
      const p = plan({
        users: opts.users,
        tiers,
        editsPerDay: opts.editsPerDay,
        callsPerRun: opts.callsPerRun,
        quota,
        syncNowShare: config.scheduler.syncNowShare,
      });
      if (opts.json) return ctx.out(JSON.stringify(p, null, 2));
      for (const t of p.tiers)
        ctx.out(
          `${t.name.padEnd(10)} ${String(t.users).padStart(7)} users every ${t.interval.padEnd(5)} changed ${pct(t.changed).padStart(6)}  ${t.demand.toFixed(2)} calls/s`,
        );
      ctx.out(
        `demand ${p.demand.toFixed(2)} calls/s of ${p.capacity.toFixed(2)} (quota ${quota}/s less ${pct(config.scheduler.syncNowShare)} for Sync now): ${pct(p.load)}`,
      );
      ctx.out(
        p.fits
          ? "fits: every tier is synced within its interval"
          : `over capacity: the quota covers ${pct(1 / p.load)} of demand; every interval stretches about ${p.stretch.toFixed(1)}×`,
      );
    });
}
