import { BodyError } from "./validate.ts";

/**
 * Filter conditions of a data source query, one family per kind of value. Each takes the
 * condition object (`{ contains: "x" }`), checks it, and returns a test over the row's value.
 */
export type Test = (value: unknown) => boolean;

const DAY = 86_400_000;

const bad = (path: string, rule: string, got: unknown): never => {
  throw new BodyError(`body failed validation: ${path} ${rule}, instead was \`${JSON.stringify(got)}\`.`);
};

/** The single `operator: operand` pair of a condition, with the operator checked against `allowed`. */
function operation(raw: unknown, path: string, allowed: readonly string[]): [string, unknown] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return bad(path, "should be an object", raw);
  const entries = Object.entries(raw);
  const first = entries[0];
  if (entries.length !== 1 || !first || !allowed.includes(first[0]))
    return bad(path, `should have exactly one of ${allowed.map((a) => `\`${a}\``).join(", ")}`, raw);
  return first;
}

const EXISTENCE = ["is_empty", "is_not_empty"] as const;

function existence(op: string, operand: unknown, path: string, empty: Test): Test {
  if (operand !== true) bad(`${path}.${op}`, "should be `true`", operand);
  return op === "is_empty" ? empty : (v) => !empty(v);
}

export function textCondition(raw: unknown, path: string): (text: string) => boolean {
  const ops = ["equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", ...EXISTENCE] as const;
  const [op, operand] = operation(raw, path, ops);
  if ((EXISTENCE as readonly string[]).includes(op)) return existence(op, operand, path, (v) => v === "") as (t: string) => boolean;
  if (typeof operand !== "string") return bad(`${path}.${op}`, "should be a string", operand);
  const needle = operand.toLowerCase();
  switch (op) {
    case "equals":
      return (t) => t === operand;
    case "does_not_equal":
      return (t) => t !== operand;
    case "contains":
      return (t) => t.toLowerCase().includes(needle);
    case "does_not_contain":
      return (t) => !t.toLowerCase().includes(needle);
    case "starts_with":
      return (t) => t.toLowerCase().startsWith(needle);
    default:
      return (t) => t.toLowerCase().endsWith(needle);
  }
}

export function numberCondition(raw: unknown, path: string): Test {
  const ops = ["equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", ...EXISTENCE];
  const [op, operand] = operation(raw, path, ops);
  if ((EXISTENCE as readonly string[]).includes(op)) return existence(op, operand, path, (v) => v === null || v === undefined);
  if (typeof operand !== "number") return bad(`${path}.${op}`, "should be a number", operand);
  const cmp: Record<string, (n: number) => boolean> = {
    equals: (n) => n === operand,
    greater_than: (n) => n > operand,
    less_than: (n) => n < operand,
    greater_than_or_equal_to: (n) => n >= operand,
    less_than_or_equal_to: (n) => n <= operand,
  };
  if (op === "does_not_equal") return (v) => v !== operand;
  const test = cmp[op] as (n: number) => boolean;
  return (v) => typeof v === "number" && test(v);
}

export function checkboxCondition(raw: unknown, path: string): Test {
  const [op, operand] = operation(raw, path, ["equals", "does_not_equal"]);
  if (typeof operand !== "boolean") return bad(`${path}.${op}`, "should be a boolean", operand);
  return op === "equals" ? (v) => v === operand : (v) => v !== operand;
}

/** Select and status compare option names; multi-select, people and relation test membership. */
export function optionCondition(raw: unknown, path: string, many: boolean): Test {
  const ops = many ? ["contains", "does_not_contain", ...EXISTENCE] : ["equals", "does_not_equal", ...EXISTENCE];
  const [op, operand] = operation(raw, path, ops);
  const names = (v: unknown): string[] =>
    (Array.isArray(v) ? v : v ? [v] : []).map((o) => String((o as { name?: string; id?: string }).name ?? (o as { id?: string }).id));
  if ((EXISTENCE as readonly string[]).includes(op)) return existence(op, operand, path, (v) => names(v).length === 0);
  const wanted = Array.isArray(operand) ? operand : [operand];
  if (wanted.length === 0 || wanted.some((w) => typeof w !== "string"))
    return bad(`${path}.${op}`, "should be a string or an array of strings", operand);
  const hit = (v: unknown) => names(v).some((n) => wanted.includes(n));
  return op === "equals" || op === "contains" ? hit : (v) => !hit(v);
}

/** Membership by id (people, relation, created_by, last_edited_by); `me` is the calling bot. */
export function idCondition(raw: unknown, path: string, me: string): Test {
  const [op, operand] = operation(raw, path, ["contains", "does_not_contain", ...EXISTENCE]);
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v : v ? [v] : []).map((x) => String((x as { id?: string }).id));
  if ((EXISTENCE as readonly string[]).includes(op)) return existence(op, operand, path, (v) => ids(v).length === 0);
  if (typeof operand !== "string") return bad(`${path}.${op}`, "should be a uuid or `me`", operand);
  const id = operand === "me" ? me : operand.replaceAll("-", "").toLowerCase();
  const hit = (v: unknown) => ids(v).some((x) => x === id || x.replaceAll("-", "").toLowerCase() === id);
  return op === "contains" ? hit : (v) => !hit(v);
}

const RELATIVE: Record<string, number> = {
  today: 0,
  tomorrow: 1,
  yesterday: -1,
  one_week_ago: -7,
  one_week_from_now: 7,
  one_month_ago: -30,
  one_month_from_now: 30,
};

/** A condition's date: a relative name or ISO date (a whole day) or date-time (an instant). */
function boundary(operand: unknown, path: string, now: Date): { start: number; end: number } {
  if (typeof operand === "string" && operand in RELATIVE) {
    const day = Math.floor(now.getTime() / DAY) * DAY + (RELATIVE[operand] ?? 0) * DAY;
    return { start: day, end: day + DAY };
  }
  const t = typeof operand === "string" ? Date.parse(operand) : Number.NaN;
  if (Number.isNaN(t)) return bad(path, "should be an ISO 8601 date or a relative date", operand);
  return /^\d{4}-\d{2}-\d{2}$/.test(operand as string) ? { start: t, end: t + DAY } : { start: t, end: t + 1 };
}

/** Dates compare their start; `this_week` starts on Sunday (UTC), the `past_`/`next_` ranges end or start now. */
export function dateCondition(raw: unknown, path: string, now: Date): (ms: number | null) => boolean {
  const ranges = ["past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week"];
  const ops = ["equals", "before", "after", "on_or_before", "on_or_after", ...ranges, ...EXISTENCE];
  const [op, operand] = operation(raw, path, ops);
  if ((EXISTENCE as readonly string[]).includes(op))
    return existence(op, operand, path, (v) => v === null) as (ms: number | null) => boolean;
  const t = now.getTime();
  const span: Record<string, [number, number]> = {
    past_week: [t - 7 * DAY, t],
    past_month: [t - 30 * DAY, t],
    past_year: [t - 365 * DAY, t],
    next_week: [t, t + 7 * DAY],
    next_month: [t, t + 30 * DAY],
    next_year: [t, t + 365 * DAY],
  };
  if (op === "this_week") {
    const sunday = Math.floor(t / DAY) * DAY - now.getUTCDay() * DAY;
    return (ms) => ms !== null && ms >= sunday && ms < sunday + 7 * DAY;
  }
  const range = span[op];
  if (range) return (ms) => ms !== null && ms >= range[0] && ms <= range[1];
  const { start, end } = boundary(operand, `${path}.${op}`, now);
  const cmp: Record<string, (ms: number) => boolean> = {
    equals: (ms) => ms >= start && ms < end,
    before: (ms) => ms < start,
    after: (ms) => ms >= end,
    on_or_before: (ms) => ms < end,
    on_or_after: (ms) => ms >= start,
  };
  const test = cmp[op] as (ms: number) => boolean;
  return (ms) => ms !== null && test(ms);
}
