import { esc, safeUrl } from "../../core/view/html.ts";
import type { SandboxBlock } from "../state.ts";

/** The http(s) URL of a Notion file object (`{ type: "external", external: { url } }` or `file`), else null. */
export function hostedUrl(value: unknown): string | null {
  const v = value as { external?: { url?: unknown }; file?: { url?: unknown } } | null | undefined;
  return safeUrl(v?.external?.url ?? v?.file?.url);
}

/** A Notion icon (an emoji, or an http(s) image) as HTML; "" when there is none or it points elsewhere. */
export function iconHtml(icon: unknown): string {
  const i = icon as { type?: string; emoji?: unknown } | null;
  if (i?.type === "emoji" && typeof i.emoji === "string") return `<span class="emoji">${esc(i.emoji)}</span>`;
  const url = hostedUrl(icon);
  return url ? `<img src="${esc(url)}" alt="" referrerpolicy="no-referrer">` : "";
}

/** A page's title as plain text. */
export const pageTitle = (page: SandboxBlock) => String(page.data.title || "Untitled");

/** A link to a page's view, with its icon; `current` marks the page being shown. */
export function pageLink(page: SandboxBlock, opts: { current?: boolean; fallbackIcon?: string } = {}): string {
  const icon = iconHtml(page.icon) || opts.fallbackIcon || "";
  const mark = opts.current ? ' class="current" aria-current="page"' : "";
  return `<a href="/pages/${esc(page.id)}"${mark}>${icon ? `${icon} ` : ""}${esc(pageTitle(page))}</a>`;
}

/** Minutes in UTC, e.g. `2026-03-11 14:05 UTC`. */
export const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
