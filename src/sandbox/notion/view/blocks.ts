import { esc, externalLink, safeUrl } from "../../core/view/html.ts";
import type { NotionState, SandboxBlock } from "../state.ts";
import { visibleChildren } from "../tree.ts";
import { databaseHtml } from "./database.ts";
import { hostedUrl, iconHtml, pageLink } from "./html.ts";
import { plainText, richHtml } from "./rich-text.ts";
import { colorClass } from "./style.ts";

const HEADINGS: Record<string, string> = { heading_1: "h2", heading_2: "h3", heading_3: "h4" };
const LISTS: Record<string, "ul" | "ol"> = { bulleted_list_item: "ul", numbered_list_item: "ol" };

/** ` class="..."` for the given classes, leaving out empty ones; "" when none are left. */
const classes = (...names: string[]) => {
  const list = names.filter(Boolean).join(" ");
  return list ? ` class="${list}"` : "";
};

/** A caption under a figure, when the block has one. */
const caption = (rt: unknown) => {
  const html = richHtml(rt);
  return html ? `<figcaption>${html}</figcaption>` : "";
};

/** A table block: its rows, with the first row and/or column as headers when the table says so. */
function tableHtml(state: NotionState, b: SandboxBlock): string {
  const columnHeader = b.data.has_column_header === true;
  const rowHeader = b.data.has_row_header === true;
  const rows = visibleChildren(state, b)
    .filter((r) => r.type === "table_row")
    .map((r, i) => {
      const cells = Array.isArray(r.data.cells) ? (r.data.cells as unknown[]) : [];
      const html = cells.map((cell, j) => {
        if (columnHeader && i === 0) return `<th scope="col">${richHtml(cell)}</th>`;
        if (rowHeader && j === 0) return `<th scope="row">${richHtml(cell)}</th>`;
        return `<td>${richHtml(cell)}</td>`;
      });
      return `<tr>${html.join("")}</tr>`;
    });
  const head = columnHeader && rows.length > 0 ? `<thead>${rows.shift()}</thead>` : "";
  return `<div class="table-wrap"><table>${head}<tbody>${rows.join("")}</tbody></table></div>`;
}

/** An image or bookmark: a link card to its http(s) URL (the view loads nothing from elsewhere). */
function linkCard(b: SandboxBlock, label: string): string {
  const d = b.data;
  const url = b.type === "bookmark" ? safeUrl(d.url) : hostedUrl(d);
  const card = url
    ? externalLink(url, `<small>${label}</small>${esc(url)}`)
    : `<span class="muted">${label} without an http(s) link</span>`;
  return `<figure class="media">${card}${caption(d.caption)}</figure>`;
}

/** One block and its visible children as HTML. Consecutive list items are grouped by `renderBlocks`. */
function blockHtml(state: NotionState, b: SandboxBlock): string {
  const d = b.data;
  const children = visibleChildren(state, b);
  const kids = renderBlocks(state, children);
  const indented = kids ? `<div class="kids">${kids}</div>` : "";
  const text = richHtml(d.rich_text);
  const color = colorClass(d.color);
  const heading = HEADINGS[b.type];
  if (heading) {
    const h = `<${heading}${classes(color)}>${text}</${heading}>`;
    return d.is_toggleable === true ? `<details><summary>${h}</summary>${indented}</details>` : h + indented;
  }
  switch (b.type) {
    case "paragraph":
      return `<p${classes(color)}>${text}</p>${indented}`;
    case "bulleted_list_item":
    case "numbered_list_item":
      return `<li${classes(color)}>${text}${kids}</li>`;
    case "to_do": {
      const done = d.checked === true;
      const box = `<input type="checkbox" disabled${done ? " checked" : ""}>`;
      return `<div${classes("to-do", done ? "done" : "", color)}>${box}<span>${text}</span></div>${indented}`;
    }
    case "toggle":
      return `<details${classes(color)}><summary>${text}</summary>${indented}</details>`;
    case "quote":
      return `<blockquote${classes(color)}>${text}${kids}</blockquote>`;
    case "callout":
      return `<div${classes("callout", color)}>${iconHtml(d.icon)}<div>${text}${kids}</div></div>`;
    case "code":
      return `<figure class="code"><div class="lang">${esc(d.language)}</div><pre><code data-language="${esc(d.language)}">${esc(plainText(d.rich_text))}</code></pre>${caption(d.caption)}</figure>`;
    case "divider":
      return "<hr>";
    case "equation":
      return `<div class="equation"><code>${esc(d.expression)}</code></div>`;
    case "image":
      return linkCard(b, "Image");
    case "bookmark":
      return linkCard(b, "Bookmark");
    case "table":
      return tableHtml(state, b);
    case "child_page":
      return `<p class="child-page">${pageLink(b, { fallbackIcon: "📄" })}</p>`;
    case "child_database":
      return databaseHtml(state, b);
    default:
      return `<p class="muted">[${esc(b.type)}]</p>${indented}`;
  }
}

/** Blocks in order, with runs of list items wrapped in <ul>/<ol> (so numbering restarts after any other block, as in Notion). */
export function renderBlocks(state: NotionState, blocks: SandboxBlock[]): string {
  let out = "";
  let list: "ul" | "ol" | undefined;
  for (const b of blocks) {
    const want = LISTS[b.type];
    if (want !== list) {
      if (list) out += `</${list}>`;
      if (want) out += `<${want}>`;
      list = want;
    }
    out += blockHtml(state, b);
  }
  return list ? `${out}</${list}>` : out;
}
