/** Notion's request limits (docs/push-sync.md), and the budgets the converter keeps under them. */

/** Characters in one rich-text item's `text.content`. */
export const MAX_TEXT = 2000;
/** Items in any array: rich text, children, table cells. */
export const MAX_ITEMS = 100;
/** Block elements in one request, at every level. */
export const MAX_ELEMENTS = 1000;
/** Notion refuses bodies over 500 KB; a request is planned to stay under this many bytes of JSON. */
export const MAX_REQUEST_BYTES = 450 * 1024;
/**
 * Bytes of JSON one block's own rich text may take, so that any single block fits a request
 * with room to spare (100 items of 2000 four-byte characters would be 800 KB).
 */
export const MAX_BLOCK_BYTES = 100 * 1024;

/** Bytes of `value` as JSON in UTF-8. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
