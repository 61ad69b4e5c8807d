import type { Hono } from "hono";
import { pathCalendar } from "./api-helpers.ts";
import type { GoogleEnv } from "./env.ts";
import { gerr } from "./errors.ts";
import { type ListParams, listParams } from "./list-params.ts";
import { pageToken, readSyncToken, syncToken } from "./list-tokens.ts";
import { calendarEtag, eventResource } from "./resources.ts";
import type { GoogleState } from "./state.ts";
import { instant } from "./times.ts";
import type { GoogleEvent } from "./types.ts";

/** Whether an event passes a full listing's filters. */
function matches(ev: GoogleEvent, p: ListParams): boolean {
  const f = ev.fields;
  if (f.status === "cancelled" && !p.showDeleted && p.updatedMin === null) return false;
  if (p.iCalUID !== undefined && ev.iCalUID !== p.iCalUID) return false;
  if (p.timeMin !== null && (!f.end || instant(f.end) <= p.timeMin)) return false;
  if (p.timeMax !== null && (!f.start || instant(f.start) >= p.timeMax)) return false;
  if (p.updatedMin !== null && ev.updated.getTime() < p.updatedMin) return false;
  for (const section of ["private", "shared"] as const) {
    const have = f.extendedProperties?.[section] ?? {};
    if (!p.props[section].every(([k, v]) => have[k] === v)) return false;
  }
  if (p.q !== undefined) {
    const text = [f.summary, f.description, f.location].join(" ").toLowerCase();
    if (!text.includes(p.q)) return false;
  }
  return true;
}

/** The sort key of an order: start, last change, or (by default) insertion order alone. */
function sortKey(ev: GoogleEvent, orderBy: ListParams["orderBy"]): number {
  if (orderBy === "updated") return ev.updated.getTime();
  if (orderBy === "startTime") return ev.fields.start ? instant(ev.fields.start) : 0;
  return 0;
}

/** events.list: filters, keyset pages and sync tokens (incremental listings include cancelled events). */
export function listRoute(app: Hono<GoogleEnv>, state: GoogleState): void {
  app.get("/calendar/v3/calendars/:calendarId/events", (c) => {
    const cal = pathCalendar(c, state);
    if (cal instanceof Response) return cal;
    const p = listParams(c);
    if (p instanceof Response) return p;
    let since: number | null = p.page ? p.page.y : null;
    if (!p.page && p.syncToken !== undefined) {
      since = readSyncToken(cal, p.syncToken);
      if (since === null) return gerr.fullSyncRequired(c);
    }
    const snapshot = p.page?.s ?? cal.changeSeq;
    const keyed = [...cal.events.values()]
      .filter((ev) => (since === null ? matches(ev, p) : ev.changeSeq > since))
      .map((ev) => ({ ev, k: sortKey(ev, p.orderBy) }))
      .sort((a, b) => a.k - b.k || a.ev.ordinal - b.ev.ordinal);
    const after = p.page;
    const rest = after ? keyed.filter((x) => x.k > after.k || (x.k === after.k && x.ev.ordinal > after.o)) : keyed;
    const page = rest.slice(0, p.maxResults);
    const last = page[page.length - 1];
    const more = rest.length > page.length && last !== undefined;
    const account = state.accounts.get(cal.accountId);
    let latest = 0;
    for (const ev of cal.events.values()) latest = Math.max(latest, ev.updated.getTime());
    return c.json({
      kind: "calendar#events",
      etag: calendarEtag(cal),
      summary: cal.summary,
      ...(cal.description ? { description: cal.description } : {}),
      updated: new Date(latest || state.now()).toISOString(),
      timeZone: cal.timeZone,
      accessRole: "owner",
      defaultReminders: cal.primary ? [{ method: "popup", minutes: 10 }] : [],
      ...(more
        ? { nextPageToken: pageToken({ k: last.k, o: last.ev.ordinal, s: snapshot, y: since }) }
        : { nextSyncToken: syncToken(cal, snapshot) }),
      items: page.map(({ ev }) => eventResource(cal, account, ev)),
    });
  });
}
