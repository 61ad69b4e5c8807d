import type { Hono } from "hono";
import type { SandboxEnv } from "../../core/env.ts";
import type { ViewPart } from "../../core/module.ts";
import type { SandboxView } from "../../core/view/frame.ts";
import { esc } from "../../core/view/html.ts";
import { normalizeId } from "../ids.ts";
import type { NotionState } from "../state.ts";
import { databaseHtml } from "./database.ts";
import { pageLink, pageTitle, when } from "./html.ts";
import { navHtml } from "./nav.ts";
import { pageHtml } from "./page.ts";
import { NOTION_CSS } from "./style.ts";

const RECENT = 10;

/** Notion's part of the view: the workspace trees in the sidebar, counts and recently edited pages at `/`. */
export function notionView(state: NotionState): ViewPart {
  const pages = () => [...state.blocks.values()].filter((b) => b.type === "child_page");
  return {
    css: NOTION_CSS,
    nav: (current) => navHtml(state, current),
    counts: () => [`${state.workspaces.size} workspace(s)`, `${pages().length} page(s)`, `${state.databases.size} database(s)`],
    home: () => {
      const recent = pages()
        .filter((p) => !p.inTrash)
        .sort((a, b) => b.lastEditedTime.getTime() - a.lastEditedTime.getTime())
        .slice(0, RECENT)
        .map((p) => `<li>${pageLink(p)}<small>${esc(state.workspaces.get(p.workspaceId)?.name)} · ${when(p.lastEditedTime)}</small></li>`);
      return recent.length ? `<h2>Recently edited</h2><ul>${recent.join("")}</ul>` : "";
    },
  };
}

/** GET /pages/:id and /databases/:id: one page or database as people read it. */
export function notionViewRoutes(app: Hono<SandboxEnv>, state: NotionState, view: SandboxView): void {
  app.get("/pages/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const page = id ? state.blocks.get(id) : undefined;
    if (page?.type !== "child_page")
      return view.send(c, { title: "Not found", body: '<div class="page"><h1>Page not found</h1></div>', status: 404 });
    return view.send(c, { title: pageTitle(page), current: `/pages/${page.id}`, body: pageHtml(state, page) });
  });

  app.get("/databases/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const block = id ? state.blocks.get(id) : undefined;
    if (block?.type !== "child_database")
      return view.send(c, { title: "Not found", body: '<div class="page"><h1>Database not found</h1></div>', status: 404 });
    return view.send(c, {
      title: pageTitle(block),
      current: `/databases/${block.id}`,
      body: `<div class="page">${databaseHtml(state, block)}</div>`,
    });
  });
}
