import type { Client } from "@notionhq/client";
import { FerryError } from "../../errors.ts";
import { type FoundDataSource, findDataSources } from "./discover.ts";
import { EXAMPLE_MIRRORS } from "./examples.ts";
import { assertIdentifier, defaultMirror, type MirrorSpec } from "./mapping.ts";
import { normalizeId, sourceKey, sourceKeyOf } from "./mirror-set.ts";
import type { PullRequest } from "./runs.ts";
import type { StoredMirror } from "./sql/mirrors.ts";

/** One data source to pull, and the mirror it goes into. */
export interface PullTarget {
  databaseId: string;
  dataSourceId: string;
  title: string;
  spec: MirrorSpec;
}

/** A database the run was asked for but could not pull (not found, or a table two databases would share). */
export interface SkippedTarget {
  title: string;
  error: string;
}

export interface PlanParams {
  client: Client;
  /** The user's stored mirrors (empty: every database, with the examples or default mirrors). */
  stored: readonly StoredMirror[];
  request: PullRequest;
  /** The schema of mirrors that do not name one. */
  schema: string;
  /** Which data source each of the user's tables already holds (`schema.table` → id): it keeps its table. */
  bound?: ReadonlyMap<string, string>;
}

const databaseMirrors = (stored: readonly StoredMirror[]) =>
  stored.flatMap((m) => (m.target.kind === "database" ? [{ mirror: m, spec: m.target.spec }] : []));

/** The mirror of a database the user did not describe: seed 004's example for its title, else its title as the table. */
export function mirrorFor(title: string, databaseId: string, schema: string): MirrorSpec {
  assertIdentifier(schema, "schema", "schema");
  const key = title.trim().toLowerCase();
  const example = EXAMPLE_MIRRORS.find((m) => "databaseName" in m.source && m.source.databaseName.toLowerCase() === key);
  return example ? { ...example, schema } : defaultMirror(title, databaseId, schema);
}

/** The keys a stored mirror may name a found data source by: its database id, then its title. */
const keysOf = (found: FoundDataSource) => [sourceKey({ databaseId: found.databaseId }), sourceKey({ databaseName: found.title })];

/** The spec for a found data source: the user's mirror of that database (by id, then name), else `mirrorFor`. */
function specFor(found: FoundDataSource, stored: readonly StoredMirror[], schema: string): { spec: MirrorSpec; chosen: boolean } {
  for (const key of keysOf(found)) {
    const hit = databaseMirrors(stored).find((m) => sourceKeyOf(m.spec) === key);
    if (hit) return { spec: hit.spec, chosen: true };
  }
  const all = stored.find((m) => m.target.kind === "all");
  return { spec: mirrorFor(found.title, found.databaseId, all?.target.kind === "all" ? all.target.schema : schema), chosen: false };
}

/** Whether a stored database mirror names this data source: the `all` row leaves it alone. */
function namedElsewhere(found: FoundDataSource, stored: readonly StoredMirror[]): boolean {
  const keys = new Set(keysOf(found));
  return databaseMirrors(stored).some((m) => keys.has(sourceKeyOf(m.spec)));
}

/**
 * What a run pulls: the asked database (by id or name), the one stored mirror asked for, the
 * stored mirrors a scheduled run is for, or every enabled stored mirror; with nothing stored, every database the connection sees.
 * Throws `not_found` when the one database asked for is not there; a stored mirror whose database
 * is gone is skipped with its error. Two databases never share a table: a default mirror gets its
 * database id appended, a chosen one is skipped with an error.
 */
export async function planTargets(p: PlanParams): Promise<{ targets: PullTarget[]; skipped: SkippedTarget[] }> {
  const { client, stored, request, schema } = p;
  const skipped: SkippedTarget[] = [];
  let found: Array<FoundDataSource & { spec?: MirrorSpec }>;
  if (request.databaseId !== undefined || request.databaseName !== undefined) {
    found = await findDataSources(
      client,
      request.databaseId !== undefined ? { databaseId: request.databaseId } : { databaseName: request.databaseName as string },
    );
  } else if (request.mirrorId !== undefined) {
    const mirror = stored.find((m) => m.id === request.mirrorId);
    if (!mirror) throw new FerryError("not_found", `pull mirror ${request.mirrorId} no longer exists`);
    if (mirror.target.kind === "invalid") throw mirror.target.error;
    found =
      mirror.target.kind === "database"
        ? (await findDataSources(client, mirror.target.spec.source)).map((f) => ({
            ...f,
            spec: (mirror.target as { spec: MirrorSpec }).spec,
          }))
        : (await findDataSources(client)).filter((f) => !namedElsewhere(f, stored));
  } else if (stored.length === 0) {
    found = await findDataSources(client);
  } else {
    found = [];
    const chosen = request.mirrorIds ? stored.filter((m) => request.mirrorIds?.includes(m.id)) : stored;
    for (const m of chosen) {
      if (!m.enabled) continue;
      if (m.target.kind === "invalid") skipped.push({ title: m.sourceKey, error: m.target.error.message });
      else if (m.target.kind === "database") {
        const spec = m.target.spec;
        try {
          found.push(...(await findDataSources(client, spec.source)).map((f) => ({ ...f, spec })));
        } catch (e) {
          if (!(e instanceof FerryError && e.code === "not_found")) throw e;
          skipped.push({ title: "databaseName" in spec.source ? spec.source.databaseName : spec.source.databaseId, error: e.message });
        }
      }
    }
    if (chosen.some((m) => m.enabled && m.target.kind === "all"))
      found.push(...(await findDataSources(client)).filter((f) => !namedElsewhere(f, stored)));
  }
  return unique(
    found.map((f) => {
      const { spec, chosen } = f.spec ? { spec: f.spec, chosen: true } : specFor(f, stored, schema);
      return { target: { databaseId: f.databaseId, dataSourceId: f.dataSourceId, title: f.title, spec }, chosen };
    }),
    skipped,
    p.bound ?? new Map(),
  );
}

/**
 * Gives each table one data source: a default table name gets a suffix, a chosen one that collides
 * is skipped. Chosen mirrors claim their tables first, then the data sources a table already holds.
 */
function unique(list: Array<{ target: PullTarget; chosen: boolean }>, skipped: SkippedTarget[], bound: ReadonlyMap<string, string>) {
  const owner = new Map<string, PullTarget>();
  const targets: PullTarget[] = [];
  const holds = (t: PullTarget) => normalizeId(bound.get(`${t.spec.schema}.${t.spec.table}`) ?? "") === normalizeId(t.dataSourceId);
  const rank = (l: { target: PullTarget; chosen: boolean }) => (l.chosen ? 0 : holds(l.target) ? 1 : 2);
  for (const { target, chosen } of [...list].sort((a, b) => rank(a) - rank(b))) {
    let t = target;
    const taken = () => owner.get(`${t.spec.schema}.${t.spec.table}`);
    if (taken() && !chosen) {
      const suffix = `_${normalizeId(t.databaseId).slice(0, 8)}`;
      t = { ...t, spec: { ...t.spec, table: `${t.spec.table.slice(0, 63 - suffix.length)}${suffix}` } };
    }
    const other = taken();
    if (other) {
      skipped.push({
        title: t.title,
        error: `table ${t.spec.schema}.${t.spec.table} already mirrors database "${other.title}" (${other.databaseId})`,
      });
      continue;
    }
    owner.set(`${t.spec.schema}.${t.spec.table}`, t);
    targets.push(t);
  }
  return { targets, skipped };
}
