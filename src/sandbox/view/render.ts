import { visibleChildren } from "../notion/tree.ts";
import type { RichText } from "../notion/validate.ts";
import type { SandboxBlock, SandboxState } from "../state.ts";
import { esc } from "./html.ts";

/** Rich text with its annotations and links, escaped. */
export function richHtml(rt: unknown): string {
  return ((rt as RichText[] | undefined) ?? [])
    .map((t) => {
      let h = esc(t.plain_text);
      const a = t.annotations as Record<string, unknown>;
      if (a.code) h = `<code>${h}</code>`;
      if (a.bold) h = `<strong>${h}</strong>`;
      if (a.italic) h = `<em>${h}</em>`;
      if (a.strikethrough) h = `<s>${h}</s>`;
      if (t.href && /^https?:\/\//.test(t.href)) h = `<a href="${esc(t.href)}" rel="noreferrer">${h}</a>`;
      return h;
    })
    .join("");
}

const TAGS: Record<string, string> = { paragraph: "p", heading_1: "h2", heading_2: "h3", heading_3: "h4", quote: "blockquote" };

/** One block and its visible children as HTML. Lists are grouped by the caller. */
function blockHtml(state: SandboxState, b: SandboxBlock): string {
  const d = b.data;
  const kids = renderBlocks(state, visibleChildren(state, b));
  const text = richHtml(d.rich_text);
  const tag = TAGS[b.type];
  if (tag) return `<${tag}>${text}</${tag}>${kids}`;
  switch (b.type) {
    case "bulleted_list_item":
    case "numbered_list_item":
      return `<li>${text}${kids}</li>`;
    case "to_do":
      return `<div><input type="checkbox" disabled${d.checked ? " checked" : ""}> ${text}</div>${kids}`;
    case "toggle":
      return `<details><summary>${text}</summary>${kids}</details>`;
    case "callout":
      return `<div class="callout">${text}${kids}</div>`;
    case "code":
      return `<pre><code data-language="${esc(d.language)}">${text}</code></pre>`;
    case "divider":
      return "<hr>";
    case "image":
    case "bookmark": {
      const url = String((d.external as { url?: string } | undefined)?.url ?? d.url ?? "");
      return /^https?:\/\//.test(url)
        ? `<p><a href="${esc(url)}" rel="noreferrer">${esc(b.type)}: ${esc(url)}</a></p>`
        : `<p class="muted">${esc(b.type)}</p>`;
    }
    case "child_page":
      return `<p>📄 <a href="/pages/${esc(b.id)}">${esc(d.title || "Untitled")}</a></p>`;
    case "table":
      return `<table>${visibleChildren(state, b)
        .map((r) => `<tr>${((r.data.cells as unknown[][] | undefined) ?? []).map((cell) => `<td>${richHtml(cell)}</td>`).join("")}</tr>`)
        .join("")}</table>`;
    default:
      return `<p class="muted">[${esc(b.type)}]</p>${kids}`;
  }
}

/** Blocks in order, with consecutive list items wrapped in <ul>/<ol>. */
export function renderBlocks(state: SandboxState, blocks: SandboxBlock[]): string {
  let out = "";
  let list: "ul" | "ol" | null = null;
  for (const b of blocks) {
    const want = b.type === "bulleted_list_item" ? "ul" : b.type === "numbered_list_item" ? "ol" : null;
    if (want !== list) {
      if (list) out += `</${list}>`;
      if (want) out += `<${want}>`;
      list = want;
    }
    out += blockHtml(state, b);
  }
  return list ? `${out}</${list}>` : out;
}
