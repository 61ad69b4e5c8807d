import { esc, externalLink, safeUrl } from "../../core/view/html.ts";
import type { RichText } from "../validate.ts";
import { colorClass } from "./style.ts";

const items = (rt: unknown) => (Array.isArray(rt) ? (rt as RichText[]) : []);

/** Rich text as plain text (for code blocks and titles). */
export function plainText(rt: unknown): string {
  return items(rt)
    .map((t) => t.plain_text)
    .join("");
}

/** Rich text with its annotations (bold, italic, strikethrough, underline, code, colour) and http(s) links, escaped. */
export function richHtml(rt: unknown): string {
  return items(rt)
    .map((t) => {
      const a = (t.annotations ?? {}) as Record<string, unknown>;
      let h = esc(t.plain_text).replaceAll("\n", "<br>");
      if (a.code) h = `<code>${h}</code>`;
      if (a.bold) h = `<strong>${h}</strong>`;
      if (a.italic) h = `<em>${h}</em>`;
      if (a.strikethrough) h = `<s>${h}</s>`;
      if (a.underline) h = `<u>${h}</u>`;
      const color = colorClass(a.color);
      if (color) h = `<span class="${color}">${h}</span>`;
      const href = safeUrl(t.href);
      return href ? externalLink(href, h) : h;
    })
    .join("");
}
