import type { SandboxState } from "../state.ts";
import { esc } from "../view/html.ts";
import type { When } from "./event-input.ts";
import type { GoogleCalendar, GoogleEvent } from "./types.ts";

const when = (w: When | undefined) => (w ? (w.date ?? w.dateTime ?? "") : "");

function eventRow(ev: GoogleEvent): string {
  const f = ev.fields;
  const cancelled = f.status === "cancelled";
  const title = esc(f.summary || "(no title)");
  return `<tr${cancelled ? ' class="muted"' : ""}><td>${cancelled ? `<s>${title}</s>` : title}</td><td>${esc(when(f.start))}</td><td>${esc(when(f.end))}</td><td>${esc(f.status)}</td><td><code>${esc(ev.id)}</code></td></tr>`;
}

function calendarHtml(cal: GoogleCalendar): string {
  const events = [...cal.events.values()];
  const rows = events.length
    ? `<table><tr><td><strong>Event</strong></td><td><strong>Start</strong></td><td><strong>End</strong></td><td><strong>Status</strong></td><td><strong>Id</strong></td></tr>${events.map(eventRow).join("")}</table>`
    : '<p class="muted">No events.</p>';
  return `<section><h3>${esc(cal.summary)}${cal.primary ? ' <span class="muted">(primary)</span>' : ""}</h3><p class="muted">${esc(cal.id)} · ${esc(cal.timeZone)}</p>${rows}</section>`;
}

/** The Google accounts with their calendars and events (cancelled ones struck through), as an HTML fragment. */
export function renderCalendars(state: SandboxState): string {
  const g = state.google;
  const accounts = [...g.accounts.values()].map((a) => {
    const cals = [...g.calendars.values()].filter((c) => c.accountId === a.id);
    return `<div><h2>${esc(a.name)} <span class="muted">${esc(a.email)}</span></h2>${cals.map(calendarHtml).join("")}</div>`;
  });
  return accounts.join("") || '<p class="muted">No Google accounts yet. <code>POST /__sandbox/google/tokens</code> makes one.</p>';
}
