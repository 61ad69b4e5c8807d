import { createHash } from "node:crypto";

/** How far the last successful run of one mirror table got, for one user (`pull_state`). */
export interface PullState {
  dataSourceId: string;
  watermark: Date | null;
  mappingHash: string | null;
  /** The data source's schema at that run; null when not recorded (a state from before Ferry kept it). */
  sourceSchema: SchemaSnapshot | null;
  lastFullAt: Date | null;
}

/**
 * What of a data source's schema its pages' property values depend on, by property id: the name
 * (the key in `properties`), the type (the value's shape), a hash of the configuration (a
 * formula's expression, a unique id's prefix, a relation's target...) and, for select, multi-select
 * and status, each option's name and color (pages carry them).
 */
export type SchemaSnapshot = Record<string, { name: string; type: string; config: string; options?: Record<string, string> }>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, so the same configuration always hashes the same. */
const stable = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stable).join(",")}]`
    : isObject(v)
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable(v[k])}`)
          .join(",")}}`
      : (JSON.stringify(v) ?? "null");

const OPTION_TYPES = new Set(["select", "multi_select", "status"]);

/**
 * The schema snapshot of a data source (`GET /v1/data_sources/{id}`). Left out, because no page's
 * value changes with them: descriptions, options' descriptions, status groups and a dual
 * relation's name for its other side.
 */
export function snapshotSchema(ds: unknown): SchemaSnapshot {
  const props = isObject(ds) && isObject(ds.properties) ? ds.properties : {};
  const out: SchemaSnapshot = {};
  for (const [name, p] of Object.entries(props)) {
    if (!isObject(p) || typeof p.id !== "string" || typeof p.type !== "string") continue;
    const config: Record<string, unknown> = isObject(p[p.type]) ? { ...(p[p.type] as Record<string, unknown>) } : {};
    let options: Record<string, string> | undefined;
    if (OPTION_TYPES.has(p.type)) {
      options = {};
      for (const o of Array.isArray(config.options) ? config.options : [])
        if (isObject(o) && typeof o.id === "string") options[o.id] = JSON.stringify([o.name ?? null, o.color ?? null]);
      delete config.options;
      delete config.groups;
    }
    if (isObject(config.dual_property)) config.dual_property = { ...config.dual_property, synced_property_name: undefined };
    const hash = createHash("sha256").update(stable(config)).digest("hex").slice(0, 16);
    out[p.id] = { name, type: p.type, config: hash, ...(options ? { options } : {}) };
  }
  return out;
}

/**
 * Why every page must be read again after the schema went from `before` to `after`, or null
 * when no page's value can have changed: a property added, removed, renamed, of another type or
 * configuration, or a select-like option renamed, recoloured or removed. A new option is not a
 * change (no page had it; one that has it now was edited, and an incremental run reads it).
 */
export function schemaChange(before: SchemaSnapshot | null, after: SchemaSnapshot): string | null {
  if (!before) return "the data source's schema was not recorded yet";
  const reasons: string[] = [];
  for (const [id, was] of Object.entries(before)) {
    const now = after[id];
    const name = JSON.stringify(was.name);
    if (!now) reasons.push(`property ${name} removed`);
    else if (now.type !== was.type) reasons.push(`property ${name} changed from ${was.type} to ${now.type}`);
    else {
      if (now.name !== was.name) reasons.push(`property ${name} renamed to ${JSON.stringify(now.name)}`);
      if (now.config !== was.config) reasons.push(`property ${JSON.stringify(now.name)} changed its configuration`);
      const options = Object.entries(was.options ?? {});
      if (options.some(([o, v]) => now.options?.[o] !== v))
        reasons.push(`an option of ${JSON.stringify(now.name)} renamed, recoloured or removed`);
    }
  }
  for (const [id, now] of Object.entries(after)) if (!before[id]) reasons.push(`property ${JSON.stringify(now.name)} added`);
  return reasons.length ? reasons.join("; ") : null;
}
