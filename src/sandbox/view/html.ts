import type { SandboxBlock } from "../state.ts";
import { CSS } from "./style.ts";

/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The URL if it is http(s), else null: the view links nowhere else (no `javascript:`, no `data:`). */
export function safeUrl(url: unknown): string | null {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** A link that opens outside the sandbox. */
export const externalLink = (url: string, inner: string) => `<a href="${esc(url)}" rel="noreferrer">${inner}</a>`;

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

export function layout(title: string, nav: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Ferry sandbox</title><style>${CSS}</style></head>
<body><header><a href="/">Ferry sandbox</a><span class="tag">in memory</span></header><main><nav>${nav}</nav><article>${body}</article></main></body></html>`;
}
