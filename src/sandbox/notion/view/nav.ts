import { esc } from "../../core/view/html.ts";
import type { NotionState, SandboxBlock } from "../state.ts";
import { visibleChildren } from "../tree.ts";
import { pageLink, pageTitle } from "./html.ts";

/** A database in the tree links to its own view. */
const databaseLink = (db: SandboxBlock, current: boolean) =>
  `<a href="/databases/${esc(db.id)}"${current ? ' class="current" aria-current="page"' : ""}>🗃 ${esc(pageTitle(db))}</a>`;

/** Notion's sidebar section: each workspace with its tree of pages (not in the trash); the page at `current` is highlighted. */
export function navHtml(state: NotionState, current?: string): string {
  const tree = (pages: SandboxBlock[]): string =>
    pages.length === 0
      ? ""
      : `<ul>${pages
          .map((p) => {
            if (p.type === "child_database") return `<li>${databaseLink(p, current === `/databases/${p.id}`)}</li>`;
            const subpages = visibleChildren(state, p).filter((c) => c.type === "child_page" || c.type === "child_database");
            return `<li>${pageLink(p, { current: current === `/pages/${p.id}` })}${tree(subpages)}</li>`;
          })
          .join("")}</ul>`;
  const all = [...state.blocks.values()];
  const spaces = [...state.workspaces.values()].map((ws) => {
    const roots = all.filter(
      (b) =>
        b.workspaceId === ws.id && (b.type === "child_page" || b.type === "child_database") && b.parent.type === "workspace" && !b.inTrash,
    );
    return `<div class="ws">${esc(ws.name)}</div>${tree(roots) || '<p class="muted">No pages yet.</p>'}`;
  });
  return spaces.join("") || '<p class="muted">No workspaces yet. <code>POST /__sandbox/notion/tokens</code> makes one.</p>';
}
