import { esc } from "../../core/view/html.ts";
import type { NotionState, SandboxBlock } from "../state.ts";
import { lineage, visibleChildren } from "../tree.ts";
import { renderBlocks } from "./blocks.ts";
import { hostedUrl, iconHtml, pageLink, pageTitle, when } from "./html.ts";

/** Workspace › ancestor pages › this page. */
function breadcrumbs(state: NotionState, page: SandboxBlock): string {
  const workspace = state.workspaces.get(page.workspaceId)?.name ?? "Workspace";
  const pages = [...lineage(state, page)].filter((b) => b.type === "child_page").reverse();
  const trail = [`<a href="/">${esc(workspace)}</a>`, ...pages.map((p) => pageLink(p, { current: p === page }))];
  return `<div class="crumbs">${trail.join('<span class="sep">›</span>')}</div>`;
}

/** A page as people read it: cover, breadcrumbs, icon, title, a line of metadata, then its blocks. */
export function pageHtml(state: NotionState, page: SandboxBlock): string {
  const coverUrl = hostedUrl(page.cover);
  const cover = coverUrl ? `<img class="cover" src="${esc(coverUrl)}" alt="Cover image" referrerpolicy="no-referrer">` : "";
  const icon = iconHtml(page.icon);
  const meta = [
    page.inTrash ? '<span class="trash">In the trash</span>' : "",
    `<code>${esc(page.id)}</code>`,
    `created ${when(page.createdTime)}`,
    `last edited ${when(page.lastEditedTime)}`,
  ].filter(Boolean);
  return `${cover}${breadcrumbs(state, page)}<div class="page">${icon ? `<div class="icon">${icon}</div>` : ""}
<h1>${esc(pageTitle(page))}</h1><p class="meta">${meta.join(" · ")}</p>
${renderBlocks(state, visibleChildren(state, page))}</div>`;
}
