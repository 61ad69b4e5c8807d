import type { Context, Hono } from "hono";
import type { SandboxEnv } from "../app.ts";
import { renderCalendars } from "../google/view.ts";
import { normalizeId } from "../notion/ids.ts";
import type { SandboxState } from "../state.ts";
import { databaseHtml } from "./database.ts";
import { esc, layout, pageLink, pageTitle, when } from "./html.ts";
import { navHtml } from "./nav.ts";
import { pageHtml } from "./page.ts";

/** No scripts, no frames, no forms; images only over http(s) (covers and icons). */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https:; base-uri 'none'; form-action 'none'";

const RECENT = 10;

function home(state: SandboxState): string {
  const pages = [...state.blocks.values()].filter((b) => b.type === "child_page");
  const recent = pages
    .filter((p) => !p.inTrash)
    .sort((a, b) => b.lastEditedTime.getTime() - a.lastEditedTime.getTime())
    .slice(0, RECENT)
    .map((p) => `<li>${pageLink(p)}<small>${esc(state.workspaces.get(p.workspaceId)?.name)} · ${when(p.lastEditedTime)}</small></li>`);
  const list = recent.length ? `<h2>Recently edited</h2><ul>${recent.join("")}</ul>` : "";
  return `<div class="page home"><h1>Sandbox</h1>
<p class="meta">${state.workspaces.size} workspace(s), ${pages.length} page(s), ${state.databases.size} database(s), ${state.google.calendars.size} calendar(s). Pick one on the left.</p>${list}</div>`;
}

const send = (c: Context, html: string, status: 200 | 404 = 200) => {
  c.header("Content-Security-Policy", CSP);
  return c.html(html, status);
};

/** GET /, /pages/:id, /databases/:id and /calendars: what Ferry did, for people. */
export function viewRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.get("/", (c) => send(c, layout("Workspaces", navHtml(state), home(state))));

  app.get("/pages/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const page = id ? state.blocks.get(id) : undefined;
    if (page?.type !== "child_page")
      return send(c, layout("Not found", navHtml(state), '<div class="page"><h1>Page not found</h1></div>'), 404);
    return send(c, layout(pageTitle(page), navHtml(state, page.id), pageHtml(state, page)));
  });

  app.get("/calendars", (c) =>
    send(c, layout("Calendars", navHtml(state, "calendars"), `<div class="page"><h1>Google Calendar</h1>${renderCalendars(state)}</div>`)),
  );

  app.get("/databases/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const block = id ? state.blocks.get(id) : undefined;
    if (block?.type !== "child_database")
      return send(c, layout("Not found", navHtml(state), '<div class="page"><h1>Database not found</h1></div>'), 404);
    return send(c, layout(pageTitle(block), navHtml(state, block.id), `<div class="page">${databaseHtml(state, block)}</div>`));
  });
}
