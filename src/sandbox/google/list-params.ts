import type { Context } from "hono";
import { gerr } from "./errors.ts";
import { type PageCursor, readPageToken } from "./list-tokens.ts";
import { parseTimestamp } from "./times.ts";

export interface ListParams {
  maxResults: number;
  page: PageCursor | null;
  syncToken: string | undefined;
  timeMin: number | null;
  timeMax: number | null;
  updatedMin: number | null;
  showDeleted: boolean;
  orderBy: "startTime" | "updated" | null;
  iCalUID: string | undefined;
  q: string | undefined;
  /** `name=value` pairs that must all match, per section. */
  props: { private: [string, string][]; shared: [string, string][] };
}

/** Parameters a sync token cannot be combined with. */
const NOT_WITH_SYNC = ["iCalUID", "orderBy", "privateExtendedProperty", "sharedExtendedProperty", "q", "timeMin", "timeMax", "updatedMin"];

function timestamp(c: Context, name: string): number | null | Response {
  const raw = c.req.query(name);
  if (raw === undefined) return null;
  return parseTimestamp(raw) ?? gerr.invalid(c, `Invalid value for ${name}: ${raw}`, name);
}

function pairs(c: Context, name: string): [string, string][] | Response {
  const out: [string, string][] = [];
  for (const p of c.req.queries(name) ?? []) {
    const at = p.indexOf("=");
    if (at <= 0) return gerr.invalid(c, `Invalid value for ${name}: expected name=value.`, name);
    out.push([p.slice(0, at), p.slice(at + 1)]);
  }
  return out;
}

/** events.list's query, checked as Google checks it. */
export function listParams(c: Context): ListParams | Response {
  const q = (k: string) => c.req.query(k);
  const max = q("maxResults") === undefined ? 250 : Number(q("maxResults"));
  if (!Number.isInteger(max) || max < 1)
    return gerr.invalid(c, `Invalid value '${q("maxResults")}'. Values must be at least 1.`, "maxResults");
  const rawPage = q("pageToken");
  const page = rawPage === undefined ? null : readPageToken(rawPage);
  if (rawPage !== undefined && !page) return gerr.invalid(c, "Invalid page token value.", "pageToken");
  const syncToken = q("syncToken");
  const combined = NOT_WITH_SYNC.find((k) => q(k) !== undefined);
  if (syncToken !== undefined && combined) return gerr.invalid(c, `Sync token cannot be used with ${combined}.`, combined);
  const orderBy = q("orderBy");
  if (orderBy !== undefined && orderBy !== "startTime" && orderBy !== "updated")
    return gerr.invalid(c, `Invalid value for orderBy: ${orderBy}`, "orderBy");
  if (orderBy === "startTime" && q("singleEvents") !== "true")
    return gerr.invalid(c, "The requested ordering is not available for the particular query.", "orderBy");
  const timeMin = timestamp(c, "timeMin");
  const timeMax = timestamp(c, "timeMax");
  const updatedMin = timestamp(c, "updatedMin");
  if (timeMin instanceof Response) return timeMin;
  if (timeMax instanceof Response) return timeMax;
  if (updatedMin instanceof Response) return updatedMin;
  if (timeMin !== null && timeMax !== null && timeMin >= timeMax) return gerr.timeRangeEmpty(c, "timeMax");
  const priv = pairs(c, "privateExtendedProperty");
  const shared = pairs(c, "sharedExtendedProperty");
  if (priv instanceof Response) return priv;
  if (shared instanceof Response) return shared;
  return {
    maxResults: Math.min(max, 2500),
    page,
    syncToken,
    timeMin,
    timeMax,
    updatedMin,
    showDeleted: q("showDeleted") === "true",
    orderBy: orderBy ?? null,
    iCalUID: q("iCalUID"),
    q: q("q")?.toLowerCase(),
    props: { private: priv, shared },
  };
}
