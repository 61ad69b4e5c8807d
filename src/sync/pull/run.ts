import { createHash } from "node:crypto";
import type { Client } from "@notionhq/client";
import type { Db } from "../../db/types.ts";
import { ensureMirror } from "./ensure.ts";
import type { MirrorSpec } from "./mapping.ts";
import type { DataSourceSchema, ResolvedColumn } from "./resolve.ts";
import { asNotionRow, type MirrorRow, mapRow } from "./rows.ts";
import { deleteOtherPages, deletePages, NO_WRITES, type UpsertCounts, upsertRows, upsertSql } from "./sql/mirror-rows.ts";
import { loadPullState, savePullState } from "./sql/state.ts";
import { type PullState, type SchemaSnapshot, schemaChange, snapshotSchema } from "./state.ts";

/** Notion rounds `last_edited_time` down to the minute: an incremental run re-reads this much before the watermark. */
export const OVERLAP_MS = 2 * 60_000;
/**
 * A run that read everything up to its start moves the watermark up to its start minus this much:
 * the Notion clock may be behind Ferry's by up to this (less the overlap) without a page being missed.
 */
export const CLOCK_MARGIN_MS = 5 * 60_000;
const PAGE_SIZE = 100;
const MAX_ERRORS_KEPT = 50;

export interface PullDeps {
  db: Db;
  now?: () => Date;
}

export interface PullParams {
  client: Client;
  userId: string;
  dataSourceId: string;
  spec: MirrorSpec;
  /** Read every page, not only those edited since the last run. */
  full?: boolean;
  /** Rows in the Notion trash: kept with `in_trash = true` ("mark", the default) or removed from the table ("delete"). */
  trashedPolicy?: "mark" | "delete";
  /** Called after each page of query results is written. */
  onPage?: (progress: PageProgress) => void;
  /** Checked between pages: an aborted run stops there (its watermark unmoved). */
  signal?: AbortSignal;
}

export interface PageProgress {
  /** Query calls so far. */
  pages: number;
  /** Pages of the data source read so far. */
  rows: number;
}

export interface RowError {
  pageId: string;
  message: string;
}

export interface PullResult extends UpsertCounts {
  failed: number;
  /** Rows removed because their page is in the trash (policy "delete"); `trashed` counts those not marked before. */
  removed: number;
  /** Rows removed because a complete full run no longer found their page. */
  deleted: number;
  /** Data source query calls. */
  pages: number;
  full: boolean;
  /** Why the run read every page (asked, first run, mapping or schema changed); null for an incremental run. */
  reason: string | null;
  /** Mapped columns added to the table by this run. */
  added: string[];
  errors: RowError[];
  watermark: string | null;
}

function schemaOf(ds: unknown): DataSourceSchema {
  const props = (ds as { properties?: Record<string, { id?: unknown; type?: unknown }> }).properties ?? {};
  const out: DataSourceSchema = {};
  for (const [name, p] of Object.entries(props))
    if (typeof p.id === "string" && typeof p.type === "string") out[name] = { id: p.id, type: p.type };
  return out;
}

/**
 * How Ferry reads property values into columns: bumped when `extract` gives a different value for
 * the same property value (2: a date's start read in its time zone), so the next run is a full one
 * and every row is written again.
 */
const EXTRACT_VERSION = 2;

const mappingHash = (columns: readonly ResolvedColumn[]) =>
  createHash("sha256")
    .update(JSON.stringify([EXTRACT_VERSION, columns.map((c) => [c.column, c.propertyId, c.propertyType, c.sqlType])]))
    .digest("hex");

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Why this run must read every page, or null for an incremental one: asked to, nothing read yet,
 * another data source in the table, a changed mapping (new columns to fill), or a schema change
 * (`schemaChange`: pages outside the incremental window would keep stale property names).
 */
function fullReason(
  params: PullParams,
  state: PullState | null,
  dataSourceId: string,
  mappingHash: string,
  sourceSchema: SchemaSnapshot,
): string | null {
  if (params.full === true) return "asked for";
  if (!state?.watermark) return "first run";
  if (state.dataSourceId !== dataSourceId) return "the table now holds another data source";
  if (state.mappingHash !== mappingHash) return "the mapping changed";
  return schemaChange(state.sourceSchema, sourceSchema);
}

/**
 * Pulls one data source into its mirror table: makes the table fit the data source's schema,
 * queries the pages edited since the last run (all of them on a first run, after a mapping or
 * schema change, or when asked: see `fullReason`), trashed pages included, and writes each page of
 * results in one statement.
 * Trashed pages are kept with `in_trash = true`, or removed with `trashedPolicy: "delete"`. A full run
 * reads by creation time, in windows past Notion's 10,000-row cap; if it had no failure, it deletes the
 * rows whose page it did not see (gone from the data source). A page whose values
 * cannot be read or written is counted as failed and the run goes on; the watermark moves only
 * when the run finishes. Throws what Notion or the database throws otherwise (nothing recorded).
 */
export async function pullDataSource(deps: PullDeps, params: PullParams): Promise<PullResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const { client, userId, dataSourceId, spec } = params;
  const startedAt = now();

  const ds = await client.dataSources.retrieve({ data_source_id: dataSourceId });
  const ensured = await ensureMirror(db, spec, schemaOf(ds), dataSourceId);
  const hash = mappingHash(ensured.columns);
  const sourceSchema = snapshotSchema(ds);
  const state = await loadPullState(db, userId, spec.schema, spec.table);
  const reason = fullReason(params, state, dataSourceId, hash, sourceSchema);
  const full = reason !== null;
  const since = !full && state?.watermark ? new Date(state.watermark.getTime() - OVERLAP_MS) : null;

  const sql = upsertSql(spec.schema, spec.table, ensured.columns);
  const result: PullResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    trashed: 0,
    failed: 0,
    removed: 0,
    deleted: 0,
    pages: 0,
    full,
    reason,
    added: ensured.added,
    errors: [],
    watermark: null,
  };
  let minFailed = Number.POSITIVE_INFINITY;
  const edited = new Map<string, number>();
  const fail = (pageId: string, e: unknown) => {
    result.failed++;
    minFailed = Math.min(minFailed, edited.get(pageId) ?? minFailed);
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push({ pageId, message: message(e) });
  };
  let maxSeen = state?.watermark?.getTime() ?? 0;
  // A full run reads in creation order (stable, for windows past the 10,000 cap); an incremental one by edit time.
  const key = full ? "created_time" : "last_edited_time";
  const seen = new Set<string>();
  let from = since?.toISOString();
  let cursor: string | undefined;
  for (;;) {
    params.signal?.throwIfAborted();
    const res = await client.dataSources.query({
      data_source_id: dataSourceId,
      page_size: PAGE_SIZE,
      in_trash: true,
      sorts: [{ timestamp: key, direction: "ascending" }],
      ...(from ? { filter: windowFilter(key, from) } : {}),
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    result.pages++;
    const batch = new Map<string, MirrorRow>();
    const trashed: string[] = [];
    let last: string | undefined;
    for (const r of res.results) {
      const page = asNotionRow(r);
      if (!page) continue;
      last = page[key];
      if (seen.has(page.id)) continue; // read again by the next window
      seen.add(page.id);
      const at = Date.parse(page.last_edited_time) || 0;
      edited.set(page.id, at);
      maxSeen = Math.max(maxSeen, at);
      if (page.in_trash && params.trashedPolicy === "delete") {
        trashed.push(page.id);
        continue;
      }
      try {
        batch.set(page.id, mapRow(userId, page, ensured.columns));
      } catch (e) {
        fail(page.id, e);
      }
    }
    add(result, await writeBatch(db, sql, [...batch.values()], fail));
    if (trashed.length > 0) {
      // Removed for the trash; newly trashed unless the row was marked already (policy "mark" before).
      const rows = await deletePages(db, spec.schema, spec.table, userId, trashed);
      result.removed += rows.length;
      result.trashed += rows.filter((r) => !r.in_trash).length;
    }
    params.onPage?.({ pages: result.pages, rows: seen.size });
    if (res.has_more && res.next_cursor) {
      cursor = res.next_cursor;
    } else if (res.request_status?.type === "incomplete") {
      // The query stopped at Notion's 10,000-row cap: a new one goes on from the last time read.
      if (!last || last === from) throw new Error(`more than 10,000 pages share the ${key} ${from}`);
      from = last;
      cursor = undefined;
    } else break;
  }

  // Only a complete full run knows every page: a row it did not see has left the data source.
  if (full && result.failed === 0) result.deleted = await deleteOtherPages(db, spec.schema, spec.table, userId, [...seen]);

  // A failed page is read again by the next run: the watermark stays at or before it.
  const watermark = Math.min(Math.max(maxSeen, startedAt.getTime() - CLOCK_MARGIN_MS), minFailed);
  result.watermark = new Date(watermark).toISOString();
  const { errors, ...counts } = result;
  await savePullState(db, {
    userId,
    schema: spec.schema,
    table: spec.table,
    dataSourceId,
    watermark: new Date(watermark),
    mappingHash: hash,
    sourceSchema,
    full,
    at: startedAt,
    summary: { ...counts, errors, startedAt: startedAt.toISOString(), finishedAt: now().toISOString() },
  });
  return result;
}

const windowFilter = (key: "created_time" | "last_edited_time", from: string) =>
  key === "created_time"
    ? { timestamp: "created_time" as const, created_time: { on_or_after: from } }
    : { timestamp: "last_edited_time" as const, last_edited_time: { on_or_after: from } };

function add(total: UpsertCounts, c: UpsertCounts): void {
  total.inserted += c.inserted;
  total.updated += c.updated;
  total.unchanged += c.unchanged;
  total.trashed += c.trashed;
}

/** Writes a batch in one statement; if the database refuses it, row by row, so one bad value fails only its page. */
async function writeBatch(db: Db, sql: string, rows: MirrorRow[], fail: (pageId: string, e: unknown) => void): Promise<UpsertCounts> {
  try {
    return await upsertRows(db, sql, rows);
  } catch (batchError) {
    if (rows.length <= 1) {
      for (const r of rows) fail(r.notion_page_id, batchError);
      return { ...NO_WRITES };
    }
    const total = { ...NO_WRITES };
    for (const row of rows) {
      try {
        add(total, await upsertRows(db, sql, [row]));
      } catch (e) {
        fail(row.notion_page_id, e);
      }
    }
    return total;
  }
}
