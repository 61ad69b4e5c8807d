import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.ts";
import { checkShares, parsePlanTier, plan } from "../../src/scheduler/plan.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ferry.js");
const paid = parsePlanTier("paid=0.2:15m");
const free = parsePlanTier("free=0.8:24h");

describe("scheduler plan: seed 001's arithmetic", () => {
  it("charges a tier only for users who changed something within its interval", () => {
    const p = plan({ users: 10_000, tiers: [paid, free], editsPerDay: 5, callsPerRun: 5, quota: 3, syncNowShare: 0.2 });
    expect(p.tiers.map((t) => [t.name, t.users, t.interval])).toEqual([
      ["paid", 2000, "15m"],
      ["free", 8000, "1d"],
    ]);
    // 1 − e^(−5 × 15/1440) of 2,000 paid users change per 15 minutes, 5 calls each.
    expect(p.tiers[0]?.changed).toBeCloseTo(1 - Math.exp(-5 / 96), 6);
    expect(p.tiers[0]?.demand).toBeCloseTo((2000 * (1 - Math.exp(-5 / 96)) * 5) / 900, 6);
    expect(p.capacity).toBeCloseTo(2.4, 6);
    expect(p).toMatchObject({ fits: true, stretch: 1 });
  });

  it("says by how much intervals stretch when demand is over capacity", () => {
    // Every user changed, 20 calls a run, daily: 10,000 × 20 ÷ 86,400 = 2.31 calls/s; at 2× the users, over.
    const fits = plan({ users: 10_000, tiers: [{ ...free, share: 1 }], editsPerDay: 1000, callsPerRun: 20, quota: 3, syncNowShare: 0.2 });
    expect(fits.demand).toBeCloseTo(200_000 / 86_400, 3);
    expect(fits.fits).toBe(true);
    const over = plan({ users: 20_000, tiers: [{ ...free, share: 1 }], editsPerDay: 1000, callsPerRun: 20, quota: 3, syncNowShare: 0.2 });
    expect(over.fits).toBe(false);
    expect(over.stretch).toBeCloseTo(400_000 / 86_400 / 2.4, 3);
  });

  it("refuses a malformed tier or shares that do not add up to 1, naming --tier", () => {
    for (const bad of ["paid", "paid=2:15m", "paid=0.5:15x", "Paid=0.5:15m"]) expect(() => parsePlanTier(bad)).toThrow(ValidationError);
    expect(() => checkShares([paid])).toThrow(/add up to 0.2, not 1/);
    expect(() => checkShares([paid, free])).not.toThrow();
  });

  it("prints the plan from the command line, and exits 2 on a bad tier", () => {
    const env = { PATH: process.env.PATH ?? "", LOG_FORMAT: "json" };
    const ok = spawnSync(
      process.execPath,
      [BIN, "scheduler", "plan", "--users", "10000", "--tier", "paid=0.2:15m", "--tier", "free=0.8:24h", "--json"],
      { env, encoding: "utf8" },
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      fits: true,
      tiers: [
        { name: "paid", users: 2000 },
        { name: "free", users: 8000 },
      ],
    });
    const bad = spawnSync(process.execPath, [BIN, "scheduler", "plan", "--users", "10", "--tier", "paid=0.5"], { env, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--tier");
  });
});
