import type { Client } from "@notionhq/client";
import { FerryError } from "../../errors.ts";
import { ProviderRefusedError } from "../../providers/errors.ts";

export interface FoundDataSource {
  databaseId: string;
  dataSourceId: string;
  title: string;
}

export interface FindFilter {
  databaseId?: string;
  databaseName?: string;
}

type RichText = Array<{ plain_text?: unknown; text?: { content?: unknown } }>;

const plain = (rich: unknown): string =>
  Array.isArray(rich)
    ? (rich as RichText)
        .map((t) => (typeof t.plain_text === "string" ? t.plain_text : typeof t.text?.content === "string" ? t.text.content : ""))
        .join("")
    : "";

interface SearchedDataSource {
  id: string;
  title?: unknown;
  name?: unknown;
  parent?: { database_id?: unknown };
}

/** Every data source the connection can see, through every page of search results. */
async function searchDataSources(client: Client, query?: string): Promise<FoundDataSource[]> {
  const out: FoundDataSource[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await client.search({
      ...(query ? { query } : {}),
      filter: { property: "object", value: "data_source" },
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const r of res.results as unknown as SearchedDataSource[]) {
      const databaseId = typeof r.parent?.database_id === "string" ? r.parent.database_id : r.id;
      const title = plain(r.title) || (typeof r.name === "string" ? r.name : "");
      out.push({ databaseId, dataSourceId: r.id, title });
    }
    if (!res.has_more || !res.next_cursor) return out;
    cursor = res.next_cursor;
  }
}

/**
 * The data sources to pull: the first data source of the database with this id, the data sources
 * titled this name (case-insensitive, exact), or every data source the connection can see.
 * A database that is not found is a `not_found` FerryError naming it.
 */
export async function findDataSources(client: Client, filter: FindFilter = {}): Promise<FoundDataSource[]> {
  if (filter.databaseId) {
    const databaseId = filter.databaseId;
    let db: { id: string; title?: unknown; data_sources?: Array<{ id: string; name?: string }> };
    try {
      db = (await client.databases.retrieve({ database_id: databaseId })) as unknown as typeof db;
    } catch (e) {
      if (e instanceof ProviderRefusedError && e.reason === "not_found")
        throw new FerryError(
          "not_found",
          `Notion database ${databaseId} not found (or not shared with the integration)`,
          { databaseId },
          { cause: e },
        );
      throw e;
    }
    const first = db.data_sources?.[0];
    if (!first) throw new FerryError("not_found", `Notion database ${databaseId} has no data source`, { databaseId });
    return [{ databaseId: db.id, dataSourceId: first.id, title: plain(db.title) || first.name || "" }];
  }
  if (filter.databaseName !== undefined) {
    const wanted = filter.databaseName.trim().toLowerCase();
    const found = (await searchDataSources(client, filter.databaseName.trim())).filter((d) => d.title.trim().toLowerCase() === wanted);
    if (found.length === 0)
      throw new FerryError("not_found", `Notion database "${filter.databaseName}" not found (or not shared with the integration)`, {
        databaseName: filter.databaseName,
      });
    return found;
  }
  return searchDataSources(client);
}
