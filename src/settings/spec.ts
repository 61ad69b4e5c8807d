import { z } from "zod";

/**
 * How an environment variable is declared: as data, so the config loader parses it and
 * `.env.example` and the README's table are checked against the list by a test. `aliases` are
 * the names the seed systems used; the first name set wins. The core declares its variables in
 * `src/config/variables.ts`; each provider declares its own in its folder.
 */
export interface VariableSpec<T> {
  aliases?: readonly string[];
  /** One line for `.env.example` and the README. */
  doc: string;
  /** Shown in docs; the schema applies the actual default. */
  defaultText?: string;
  schema: z.ZodType<T>;
  secret?: boolean;
}

/** Variables by name. */
export type VariableTable = Readonly<Record<string, VariableSpec<unknown>>>;

/** The parsed value of every variable of a table. */
export type ValuesOf<T extends VariableTable> = { [K in keyof T]: T[K] extends VariableSpec<infer V> ? V : never };

export function spec<T>(s: VariableSpec<T>): VariableSpec<T> {
  return s;
}

export const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(fallback);

export const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "expected an http(s) URL");

/** Seed 001: a redirect URI is trimmed and loses its trailing slash, so it matches the provider's list exactly. */
export const redirectUri = httpUrl.transform((v) => v.trim().replace(/\/+$/, ""));

/** A bucket's refill rate (requests per second) and burst. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** `RATE,BURST`: requests per second (may be fractional) and the burst allowed. */
export const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx): Rate => {
      const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+)\s*$/.exec(v);
      const perSecond = Number(m?.[1]);
      const burst = Number(m?.[2]);
      if (!m || !(perSecond > 0) || perSecond > 10_000 || burst < 1 || burst > 100_000) {
        ctx.addIssue({ code: "custom", message: "expected RATE,BURST like 3,5 (requests per second > 0, burst ≥ 1)" });
        return z.NEVER;
      }
      return { perSecond, burst };
    });
