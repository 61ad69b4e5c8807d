import type { Client } from "@notionhq/client";
import { ProviderRefusedError } from "../../providers/errors.ts";

/**
 * True when Notion refused because the page (or an ancestor) is in the trash, or no longer exists.
 * The client has already turned Notion's answer into Ferry's error; this is push's own reading of it.
 */
export function isGone(err: unknown): err is ProviderRefusedError {
  if (!(err instanceof ProviderRefusedError)) return false;
  if (err.status === 404) return true;
  return err.status === 400 && /archived|in the trash|trashed/i.test(err.message);
}

/** Runs one Notion call; a page that is gone becomes PageGoneError, every other error passes as the client classified it. */
export async function notion<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isGone(err) && !(err instanceof PageGoneError)) throw new PageGoneError(err);
    throw err;
  }
}

/**
 * The page (or its parent) is trashed or deleted in Notion. Still a refusal (`not_found`, with
 * Notion's status): where the engine does not read it itself (recreate the page, report it), the
 * queue gives the job up rather than retrying what cannot succeed.
 */
export class PageGoneError extends ProviderRefusedError {
  constructor(readonly notionError: ProviderRefusedError) {
    super(
      notionError.provider,
      "not_found",
      {
        status: notionError.status,
        providerCode: notionError.providerCode,
        message: `the page is gone from Notion (${notionError.message})`,
      },
      { cause: notionError },
    );
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
