import { APIResponseError, type Client } from "@notionhq/client";
import { classifyNotionError } from "../../providers/notion/errors.ts";

/** True when Notion refused because the page (or an ancestor) is in the trash, or no longer exists. */
export function isGone(err: unknown): boolean {
  if (!(err instanceof APIResponseError)) return false;
  if (err.status === 404) return true;
  return err.status === 400 && /archived|in the trash|trashed/i.test(err.message);
}

/** Runs one Notion call; errors other than "gone" become Ferry's classified errors. */
export async function notion<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isGone(err)) throw new PageGoneError(err as APIResponseError);
    throw classifyNotionError(err);
  }
}

/** The page (or its parent) is trashed or deleted in Notion. */
export class PageGoneError extends Error {
  constructor(readonly notionError: APIResponseError) {
    super(`the page is gone from Notion (${notionError.code}: ${notionError.message})`, { cause: notionError });
    this.name = "PageGoneError";
  }
}

/** The child blocks of a block or page, following the cursor: all of them, or the first `enough` (a page of 100 at a time). */
export async function listChildren(client: Client, blockId: string, enough = Number.POSITIVE_INFINITY) {
  const out: Array<Record<string, unknown> & { id: string; type: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await notion(() => client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: 100 }));
    out.push(...(page.results as Array<Record<string, unknown> & { id: string; type: string }>));
    cursor = page.has_more && out.length < enough ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}
