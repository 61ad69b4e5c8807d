import { jsonBytes, MAX_BLOCK_BYTES, MAX_ITEMS } from "./limits.ts";
import type { RichText } from "./types.ts";

/**
 * Rich text cut into arrays one block can carry: at most 100 items and `MAX_BLOCK_BYTES` of
 * JSON each, in order. Always at least one array (empty text gives `[[]]`).
 */
export function fitRichText(items: RichText[]): RichText[][] {
  const groups: RichText[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = jsonBytes(item) + 1;
    const current = groups.at(-1) ?? [];
    if (current.length > 0 && (current.length >= MAX_ITEMS || bytes + size > MAX_BLOCK_BYTES)) {
      groups.push([item]);
      bytes = size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  return groups;
}
