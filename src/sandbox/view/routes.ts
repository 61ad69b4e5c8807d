import type { Hono } from "hono";
import type { SandboxEnv } from "../app.ts";
import { normalizeId } from "../notion/ids.ts";
import { visibleChildren } from "../notion/tree.ts";
import type { SandboxBlock, SandboxState } from "../state.ts";
import { esc, layout } from "./html.ts";
import { renderBlocks } from "./render.ts";

/** The workspaces and their page trees, for the sidebar. */
function nav(state: SandboxState): string {
  const tree = (pages: SandboxBlock[]): string =>
    pages.length === 0
      ? ""
      : `<ul>${pages
          .map(
            (p) =>
              `<li><a href="/pages/${esc(p.id)}">${esc(p.data.title || "Untitled")}</a>${tree(visibleChildren(state, p).filter((c) => c.type === "child_page"))}</li>`,
          )
          .join("")}</ul>`;
  const all = [...state.blocks.values()];
  const spaces = [...state.workspaces.values()].map((ws) => {
    const roots = all.filter((b) => b.workspaceId === ws.id && b.type === "child_page" && b.parent.type === "workspace" && !b.inTrash);
    return `<div class="ws">${esc(ws.name)}</div>${tree(roots) || '<p class="muted">No pages yet.</p>'}`;
  });
  return spaces.join("") || '<p class="muted">No workspaces yet. <code>POST /__sandbox/notion/tokens</code> makes one.</p>';
}

/** GET / and GET /pages/:id: what Ferry did, for people. */
export function viewRoutes(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.get("/", (c) => {
    const pages = [...state.blocks.values()].filter((b) => b.type === "child_page").length;
    return c.html(
      layout(
        "Workspaces",
        nav(state),
        `<h1>Sandbox</h1><p>${state.workspaces.size} workspace(s), ${pages} page(s). Pick a page on the left.</p>`,
      ),
    );
  });

  app.get("/pages/:id", (c) => {
    const id = normalizeId(c.req.param("id"));
    const page = id ? state.blocks.get(id) : undefined;
    if (page?.type !== "child_page") return c.html(layout("Not found", nav(state), "<h1>Page not found</h1>"), 404);
    const trash = page.inTrash ? '<p class="trash">This page is in the trash.</p>' : "";
    return c.html(
      layout(
        String(page.data.title || "Untitled"),
        nav(state),
        `<h1>${esc(page.data.title || "Untitled")}</h1>${trash}${renderBlocks(state, visibleChildren(state, page))}`,
      ),
    );
  });
}
