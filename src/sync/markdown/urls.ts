import { MAX_TEXT } from "./limits.ts";

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const IMAGE_PROTOCOLS = new Set(["http:", "https:"]);

function accepted(raw: string, protocols: Set<string>): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!protocols.has(url.protocol) || (url.protocol !== "mailto:" && url.hostname === "")) return null;
  // As written when that is plain ASCII without spaces; otherwise as the URL parser encodes it.
  const value = /^[!-~]+$/.test(raw.trim()) ? raw.trim() : url.href;
  return value.length <= MAX_TEXT ? value : null;
}

/** The URL Notion may link to (absolute http, https or mailto, at most 2000 characters), or null. */
export const linkUrl = (raw: string): string | null => accepted(raw, LINK_PROTOCOLS);

/** The URL an external image block may point at (absolute http or https), or null. */
export const imageUrl = (raw: string): string | null => accepted(raw, IMAGE_PROTOCOLS);
