import { z } from "zod";

/** A named tier and how often its users' background syncs come due. */
export interface Tier {
  name: string;
  intervalMs: number;
}

export const TIER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `24h`, `7d` in ms; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

/** A duration as people write it: the largest unit that divides it (`15m`, `1d`, `90s`). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of Object.entries(UNITS).reverse()) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

/**
 * SYNC_TIERS: `name=interval` pairs separated by commas, e.g. `paid=15m,free=24h`. Every interval
 * is at least a minute; names are unique. An error names the pair that is wrong.
 */
export const tiersSchema = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx): Tier[] => {
      const tiers: Tier[] = [];
      for (const [i, raw] of v.split(",").entries()) {
        const pair = raw.trim();
        if (pair === "") continue;
        const [name = "", interval = "", extra] = pair.split("=").map((s) => s.trim());
        const ms = parseDuration(interval);
        const at = `tier ${i + 1} (${JSON.stringify(pair)})`;
        if (extra !== undefined || !TIER_NAME.test(name) || ms === undefined) {
          ctx.addIssue({ code: "custom", message: `${at}: expected name=interval, e.g. paid=15m (s, m, h or d)` });
        } else if (ms < 60_000) {
          ctx.addIssue({ code: "custom", message: `${at}: the interval must be at least 1m` });
        } else if (tiers.some((t) => t.name === name)) {
          ctx.addIssue({ code: "custom", message: `${at}: tier ${name} is named twice` });
        } else tiers.push({ name, intervalMs: ms });
      }
      if (tiers.length === 0) ctx.addIssue({ code: "custom", message: "expected at least one tier, e.g. paid=15m,free=24h" });
      return tiers;
    });

/** The tier a user's name points at, or undefined for a name no tier has. */
export const tierNamed = (tiers: readonly Tier[], name: string) => tiers.find((t) => t.name === name);
