import { FRAME_CSS } from "./style.ts";

/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The URL if it is http(s), else null: the view links nowhere else (no `javascript:`, no `data:`). */
export function safeUrl(url: unknown): string | null {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** A link that opens outside the sandbox. */
export const externalLink = (url: string, inner: string) => `<a href="${esc(url)}" rel="noreferrer">${inner}</a>`;

/** A whole view page: the header, the sidebar `nav` and the `body`, styled by the frame's CSS plus `css`. */
export function layout(title: string, nav: string, body: string, css = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Ferry sandbox</title><style>${FRAME_CSS}${css}</style></head>
<body><header><a href="/">Ferry sandbox</a><span class="tag">in memory</span></header><main><nav>${nav}</nav><article>${body}</article></main></body></html>`;
}
