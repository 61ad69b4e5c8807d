const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A Notion id in any accepted form (dashed or 32 hex) → lower-case dashed UUID, or null. */
export function normalizeId(raw: string): string | null {
  if (!UUID.test(raw)) return null;
  const hex = raw.replaceAll("-", "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Notion rounds `last_edited_time` (and `created_time`) down to the minute. */
export function notionTime(d: Date): string {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();
}
