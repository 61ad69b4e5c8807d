import type { Hono } from "hono";
import type { SandboxEnv } from "../core/env.ts";
import type { ViewPart } from "../core/module.ts";
import type { SandboxView } from "../core/view/frame.ts";
import { esc } from "../core/view/html.ts";
import type { When } from "./event-input.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleCalendar, GoogleEvent } from "./types.ts";

const when = (w: When | undefined) => (w ? (w.date ?? w.dateTime ?? "").replace("T", " ") : "");
const startKey = (ev: GoogleEvent) => ev.fields.start?.dateTime ?? ev.fields.start?.date ?? "";

function eventRow(ev: GoogleEvent): string {
  const f = ev.fields;
  const cancelled = f.status === "cancelled";
  const title = esc(f.summary || "(no title)");
  const ferry =
    f.extendedProperties?.private && Object.keys(f.extendedProperties.private).length > 0 ? ' <span class="chip">private props</span>' : "";
  return `<tr${cancelled ? ' class="muted"' : ""}><td>${cancelled ? `<s>${title}</s>` : title}${ferry}</td><td>${esc(when(f.start))}</td><td>${esc(when(f.end))}</td><td>${esc(f.status)}</td><td><code>${esc(ev.id)}</code></td></tr>`;
}

function calendarHtml(cal: GoogleCalendar): string {
  const events = [...cal.events.values()].sort((a, b) => startKey(a).localeCompare(startKey(b)));
  const head = `<thead><tr>${["Event", "Start", "End", "Status", "Id"].map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>`;
  const rows = events.length
    ? `<div class="table-wrap"><table>${head}<tbody>${events.map(eventRow).join("")}</tbody></table></div>`
    : '<p class="muted">No events.</p>';
  return `<section><h3>📅 ${esc(cal.summary)}${cal.primary ? ' <span class="muted">(primary)</span>' : ""}</h3><p class="meta"><code>${esc(cal.id)}</code> · ${esc(cal.timeZone)}</p>${rows}</section>`;
}

/** The Google accounts with their calendars and events in start order (cancelled ones struck through), as an HTML fragment. */
export function renderCalendars(g: GoogleState): string {
  const accounts = [...g.accounts.values()].map((a) => {
    const cals = [...g.calendars.values()].filter((c) => c.accountId === a.id);
    return `<div><h2>${esc(a.name)} <span class="muted">${esc(a.email)}</span></h2>${cals.map(calendarHtml).join("")}</div>`;
  });
  return accounts.join("") || '<p class="muted">No Google accounts yet. <code>POST /__sandbox/google/tokens</code> makes one.</p>';
}

/** Google's part of the view: a sidebar link to /calendars and the count of calendars at `/`. */
export function googleView(state: GoogleState): ViewPart {
  return {
    nav: (current) => {
      const here = current === "/calendars" ? ' class="current" aria-current="page"' : "";
      return `<div class="ws">Google</div><ul><li><a href="/calendars"${here}>📅 Calendars (${state.calendars.size})</a></li></ul>`;
    },
    counts: () => [`${state.calendars.size} calendar(s)`],
  };
}

/** GET /calendars: every account with its calendars and events. */
export function googleViewRoutes(app: Hono<SandboxEnv>, state: GoogleState, view: SandboxView): void {
  app.get("/calendars", (c) =>
    view.send(c, {
      title: "Calendars",
      current: "/calendars",
      body: `<div class="page"><h1>Google Calendar</h1>${renderCalendars(state)}</div>`,
    }),
  );
}
