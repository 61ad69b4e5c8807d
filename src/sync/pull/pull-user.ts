import type { Client } from "@notionhq/client";
import { errorRecord, stopsSyncRun } from "../../providers/errors.ts";
import type { MirrorLease } from "./lock.ts";
import type { MirrorSpec } from "./mapping.ts";
import { type PullDeps, type PullResult, pullDataSource } from "./run.ts";
import type { PullRequest } from "./runs.ts";
import type { StoredMirror } from "./sql/mirrors.ts";
import { boundTables } from "./sql/state.ts";
import { type PullTarget, planTargets } from "./targets.ts";

export { mirrorFor } from "./targets.ts";

export interface PullUserParams {
  client: Client;
  userId: string;
  request?: PullRequest;
  /** The user's stored mirrors; none: every database, with the examples or default mirrors. */
  stored?: readonly StoredMirror[];
  /** The schema of mirrors that do not name one; `notion` when not given. */
  schema?: string;
  trashedPolicy?: "mark" | "delete";
  /** Takes the lease on a mirror's rows before its pull (see lock.ts). */
  lock?: (spec: MirrorSpec) => Promise<MirrorLease>;
  onProgress?: (progress: UserProgress) => void;
  signal?: AbortSignal;
}

/** Where a run is: databases done of the total, and the current one's pages and rows read. */
export interface UserProgress {
  databases: number;
  done: number;
  database: string | null;
  pages: number;
  rows: number;
  /** Rows read in the finished databases. */
  rowsDone: number;
}

/** Seed 004's entry for one database, with the run's counts. */
export interface DatabaseResult {
  database_name: string;
  database_id: string | null;
  table: string | null;
  synced_count: number;
  status: "success" | "error";
  inserted: number;
  updated: number;
  unchanged: number;
  trashed: number;
  failed: number;
  deleted: number;
  full: boolean;
  duration_ms: number;
  error?: string;
  /** Why, in Ferry's vocabulary: a dead-letter reason (`forbidden`, `not_found`, ...) or an error code. */
  error_code?: string;
  /** The provider's HTTP status behind the error, when it had one. */
  error_status?: number;
  /** Pages that could not be written (at most 50), with why. */
  row_errors?: Array<{ page_id: string; message: string }>;
}

/** Seed 004's answer for one database. */
export type PullOneResult = Omit<DatabaseResult, "status"> & { success: boolean };

/** Seed 004's answer for several databases. */
export interface PullManyResult {
  success: boolean;
  results: DatabaseResult[];
  duration_ms: number;
}

const ZERO = { inserted: 0, updated: 0, unchanged: 0, trashed: 0, failed: 0, deleted: 0, full: false };

function succeeded(t: PullTarget, counts: PullResult, ms: number): DatabaseResult {
  const { inserted, updated, unchanged, trashed, failed, deleted, full, errors } = counts;
  return {
    database_name: t.title,
    database_id: t.databaseId,
    table: `${t.spec.schema}.${t.spec.table}`,
    synced_count: inserted + updated,
    status: "success",
    ...{ inserted, updated, unchanged, trashed, failed, deleted, full },
    duration_ms: ms,
    ...(errors.length ? { row_errors: errors.map((e) => ({ page_id: e.pageId, message: e.message })) } : {}),
  };
}

export const errored = (name: string, t: PullTarget | null, error: unknown, ms: number): DatabaseResult => ({
  database_name: name,
  database_id: t?.databaseId ?? null,
  table: t ? `${t.spec.schema}.${t.spec.table}` : null,
  synced_count: 0,
  status: "error",
  ...ZERO,
  duration_ms: ms,
  ...errorFields(error),
});

function errorFields(error: unknown): Pick<DatabaseResult, "error" | "error_code" | "error_status"> {
  const r = errorRecord(error);
  return { error: r.message, error_code: r.code, ...(r.status !== undefined ? { error_status: r.status } : {}) };
}

/** A run's result as one entry per database, whichever of seed 004's shapes it has. */
export function databaseResults(r: PullOneResult | PullManyResult): DatabaseResult[] {
  if ("results" in r) return r.results;
  const { success, ...one } = r;
  return [{ ...one, status: success ? "success" : "error" }];
}

/**
 * Pulls a user's Notion databases into their mirror tables (see targets.ts for which ones). A
 * database whose pull fails is reported with status "error"; the others go on. Throws a
 * `not_found` FerryError when the one database asked for is not there.
 */
export async function pullUser(deps: PullDeps, params: PullUserParams): Promise<PullOneResult | PullManyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const request = params.request ?? {};
  const { targets, skipped } = await planTargets({
    client: params.client,
    stored: params.stored ?? [],
    request,
    schema: params.schema ?? "notion",
    bound: await boundTables(deps.db, params.userId),
  });
  const results: DatabaseResult[] = skipped.map((s) => errored(s.title, null, s.error, 0));
  const progress: UserProgress = { databases: targets.length, done: 0, database: null, pages: 0, rows: 0, rowsDone: 0 };
  for (const t of targets) {
    params.signal?.throwIfAborted();
    const at = now().getTime();
    Object.assign(progress, { database: t.title, pages: 0, rows: 0 });
    params.onProgress?.({ ...progress });
    let lease: MirrorLease | undefined;
    try {
      lease = await params.lock?.(t.spec);
      const signals = [params.signal, lease?.signal].filter((s): s is AbortSignal => s !== undefined);
      const counts = await pullDataSource(deps, {
        client: params.client,
        userId: params.userId,
        dataSourceId: t.dataSourceId,
        spec: t.spec,
        ...(request.full ? { full: true } : {}),
        ...(params.trashedPolicy ? { trashedPolicy: params.trashedPolicy } : {}),
        ...(signals.length ? { signal: AbortSignal.any(signals) } : {}),
        onPage: (p) => {
          Object.assign(progress, p);
          params.onProgress?.({ ...progress });
        },
      });
      results.push(succeeded(t, counts, now().getTime() - at));
    } catch (e) {
      // The job's own abort (shutdown, lost lease), rate limits, outages and a token to refresh end the
      // whole run, for the queue to retry; anything else fails this database only.
      if (params.signal?.aborted || stopsSyncRun(e)) throw e;
      results.push(errored(t.title, t, e, now().getTime() - at));
    } finally {
      await lease?.release();
    }
    Object.assign(progress, { done: progress.done + 1, rowsDone: progress.rowsDone + progress.rows, rows: 0, pages: 0 });
    params.onProgress?.({ ...progress, database: null });
  }
  const duration_ms = now().getTime() - started;
  const single = request.databaseId !== undefined || request.databaseName !== undefined;
  const only = results[0];
  if (single && results.length === 1 && only) {
    const { status, ...rest } = only;
    return { success: status === "success", ...rest, duration_ms };
  }
  return { success: results.every((r) => r.status === "success"), results, duration_ms };
}
