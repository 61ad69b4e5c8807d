import type { Context } from "hono";
import { notionError } from "./errors.ts";

export interface Page<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * Notion's cursor pagination over an ordered list: `start_cursor` is the id of the first item of
 * the page, `page_size` 1..100 (default 100). Returns a Response for bad input.
 */
export function paginate<T extends { id: string }>(
  c: Context,
  items: T[],
  where: "query" | "body",
  startCursor: unknown,
  pageSize: unknown,
): Page<T> | Response {
  let size = 100;
  if (pageSize !== undefined && pageSize !== null && pageSize !== "") {
    const n = typeof pageSize === "string" ? Number(pageSize) : pageSize;
    if (typeof n !== "number" || !Number.isInteger(n)) {
      return notionError(
        c,
        "validation_error",
        `${where} failed validation: ${where}.page_size should be a number, instead was \`${JSON.stringify(pageSize)}\`.`,
      );
    }
    if (n < 1 || n > 100) {
      return notionError(
        c,
        "validation_error",
        `${where} failed validation: ${where}.page_size should be ≤ \`100\` and ≥ \`1\`, instead was \`${n}\`.`,
      );
    }
    size = n;
  }
  let start = 0;
  if (startCursor !== undefined && startCursor !== null && startCursor !== "") {
    start = items.findIndex((i) => i.id === startCursor);
    if (start < 0)
      return notionError(
        c,
        "validation_error",
        `${where} failed validation: ${where}.start_cursor should be a valid cursor, instead was \`${JSON.stringify(startCursor)}\`.`,
      );
  }
  const results = items.slice(start, start + size);
  const next = items[start + size];
  return { results, next_cursor: next ? next.id : null, has_more: next !== undefined };
}

/** `{ object: "list", results, next_cursor, has_more, type, [type]: {}, request_id }`. */
export function listBody<T>(page: Page<T>, type: string, requestId: string) {
  return { object: "list", ...page, type, [type]: {}, request_id: requestId };
}
