import type { Client } from "@notionhq/client";
import { findDataSources } from "./discover.ts";
import { EXAMPLE_MIRRORS } from "./examples.ts";
import { assertIdentifier, defaultMirror, type MirrorSpec } from "./mapping.ts";
import { type PullDeps, type PullResult, pullDataSource } from "./run.ts";

export interface PullUserParams {
  client: Client;
  userId: string;
  databaseId?: string;
  databaseName?: string;
  full?: boolean;
  /** The schema of the mirror tables; `notion` when not given. */
  schema?: string;
}

export interface DatabaseResult {
  database_name: string;
  synced_count: number;
  status: "success" | "error";
  error?: string;
  counts?: PullResult;
}

/** Seed 004's answer for one database. */
export interface PullOneResult {
  success: boolean;
  synced_count: number;
  database_name: string;
  error?: string;
  counts?: PullResult;
  duration_ms: number;
}

/** Seed 004's answer for several databases. */
export interface PullManyResult {
  success: boolean;
  results: DatabaseResult[];
  duration_ms: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The mirror of a found data source: the example for its title (case-insensitive), else the default one. */
export function mirrorFor(title: string, databaseId: string, schema = "notion"): MirrorSpec {
  assertIdentifier(schema, "schema", "schema");
  const key = title.trim().toLowerCase();
  const example = EXAMPLE_MIRRORS.find((m) => "databaseName" in m.source && m.source.databaseName.toLowerCase() === key);
  return example ? { ...example, schema } : defaultMirror(title, databaseId, schema);
}

/**
 * Pulls a user's Notion databases (one by id or name, or every one the connection sees) into their
 * mirror tables. A database whose pull fails is reported with status "error"; the others go on.
 * Throws a `not_found` FerryError when the asked database is not found.
 */
export async function pullUser(deps: PullDeps, params: PullUserParams): Promise<PullOneResult | PullManyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const found = await findDataSources(params.client, {
    ...(params.databaseId ? { databaseId: params.databaseId } : {}),
    ...(params.databaseName !== undefined ? { databaseName: params.databaseName } : {}),
  });
  const results: DatabaseResult[] = [];
  for (const ds of found) {
    try {
      const counts = await pullDataSource(deps, {
        client: params.client,
        userId: params.userId,
        dataSourceId: ds.dataSourceId,
        spec: mirrorFor(ds.title, ds.databaseId, params.schema),
        ...(params.full ? { full: true } : {}),
      });
      results.push({ database_name: ds.title, synced_count: counts.inserted + counts.updated, status: "success", counts });
    } catch (e) {
      results.push({ database_name: ds.title, synced_count: 0, status: "error", error: message(e) });
    }
  }
  const duration_ms = now().getTime() - started;
  const single = params.databaseId !== undefined || params.databaseName !== undefined;
  const only = results[0];
  if (single && results.length === 1 && only) {
    const { status, ...rest } = only;
    return { success: status === "success", ...rest, duration_ms };
  }
  return { success: results.every((r) => r.status === "success"), results, duration_ms };
}
