const HEX32 = /[0-9a-f]{32}/i;
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const dashed = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toLowerCase();

/**
 * A Notion page id from whatever a person pastes: a dashed UUID, 32 hex characters, a page URL
 * (`notion.so/<workspace>/<Title-Slug>-<id>`, `<workspace>.notion.site/<Slug>-<id>`, with or
 * without query and fragment; the id in the path wins over a `?v=` view id), or a URL with
 * `p=` / `page_id=`. Returns the lower-case dashed UUID, or null.
 */
export function pageIdFrom(input: string): string | null {
  const raw = input.trim();
  if (DASHED.test(raw)) return raw.toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(raw)) return dashed(raw);
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return null;
  }
  if (!/(^|\.)notion\.(so|site)$/i.test(url.hostname)) return null;
  for (const name of ["p", "page_id"]) {
    const v = url.searchParams.get(name)?.replaceAll("-", "");
    if (v && /^[0-9a-f]{32}$/i.test(v)) return dashed(v);
  }
  const last = url.pathname.split("/").filter(Boolean).pop() ?? "";
  const tail = last.replaceAll("-", "").match(/([0-9a-f]{32})$/i)?.[1] ?? last.match(HEX32)?.[0];
  return tail ? dashed(tail) : null;
}
