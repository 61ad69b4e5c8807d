import { describeIssues, type FieldIssue, ValidationError } from "../../errors.ts";
import { canOverride, type SqlType, sqlTypeOf } from "./columns.ts";
import type { ColumnSpec, MirrorSpec } from "./mapping.ts";

/** A data source's schema as `GET /v1/data_sources/{id}` returns it: property name → `{ id, type }`. */
export type DataSourceSchema = Record<string, { id: string; type: string }>;

/** A mapped column bound to the property it comes from. */
export interface ResolvedColumn {
  column: string;
  propertyId: string;
  /** The property's current name. */
  propertyName: string;
  propertyType: string;
  sqlType: SqlType;
}

/** What a column was bound to the last time, in this data source (`pull_bindings`): keeps a renamed property's column. */
export interface KnownBinding {
  propertyId: string;
  propertyName: string;
  /** The mapping's `from` the binding was made for; null for a binding carried over from before Ferry kept it. */
  from: ColumnSpec["from"] | null;
}

interface Property {
  name: string;
  id: string;
  type: string;
}

const names = (from: ColumnSpec["from"]): string[] | null => (typeof from === "string" ? [from] : Array.isArray(from) ? from : null);

const sameFrom = (a: ColumnSpec["from"], b: ColumnSpec["from"]) => JSON.stringify(a) === JSON.stringify(b);

/** Whether a binding was made for this mapping: the same `from` (or, carried over without one, a `from` naming its property's last name). */
function madeFor(spec: ColumnSpec, listed: string[], known: KnownBinding): boolean {
  return known.from !== null ? sameFrom(known.from, spec.from) : listed.includes(known.propertyName);
}

/**
 * The property a column comes from: by id; else the first listed name that exists, except that a
 * column bound before, for the same mapping, keeps that property (found by its id) when it has
 * been renamed in Notion since, however many runs ago.
 */
function findProperty(spec: ColumnSpec, props: Property[], known: KnownBinding | undefined): Property | undefined {
  const listed = names(spec.from);
  if (!listed) {
    const id = (spec.from as { id: string }).id;
    return props.find((p) => p.id === id);
  }
  const previous = known && madeFor(spec, listed, known) ? props.find((p) => p.id === known.propertyId) : undefined;
  if (previous && !listed.includes(previous.name)) return previous;
  for (const name of listed) {
    const found = props.find((p) => p.name === name);
    if (found) return found;
  }
  return previous;
}

function describeFrom(from: ColumnSpec["from"]): string {
  const listed = names(from);
  if (!listed) return `no property with id ${JSON.stringify((from as { id: string }).id)}`;
  return listed.length === 1 ? `no property named ${JSON.stringify(listed[0])}` : `none of the properties ${JSON.stringify(listed)}`;
}

/**
 * Binds each column of `spec` to a property of the data source (`known`: the data source's
 * bindings of the last run, by column). A ValidationError names every
 * column whose property is missing (`mirror.columns.1.from`) or whose `as` the property cannot take.
 */
export function resolveColumns(
  spec: MirrorSpec,
  schema: DataSourceSchema,
  known: ReadonlyMap<string, KnownBinding> = new Map(),
  prefix = "mirror",
): ResolvedColumn[] {
  const props = Object.entries(schema).map(([name, p]) => ({ name, id: p.id, type: p.type }));
  const issues: FieldIssue[] = [];
  const resolved: ResolvedColumn[] = [];
  spec.columns.forEach((c, i) => {
    const prop = findProperty(c, props, known.get(c.column));
    if (!prop) {
      const has = props.map((p) => p.name).join(", ") || "no properties";
      issues.push({
        field: `${prefix}.columns.${i}.from`,
        message: `column "${c.column}": ${describeFrom(c.from)} in the data source (it has ${has})`,
      });
      return;
    }
    if (c.as && !canOverride(prop.type, c.as)) {
      issues.push({
        field: `${prefix}.columns.${i}.as`,
        message: `column "${c.column}": a ${prop.type} property cannot be stored as ${c.as}`,
      });
      return;
    }
    resolved.push({
      column: c.column,
      propertyId: prop.id,
      propertyName: prop.name,
      propertyType: prop.type,
      sqlType: c.as ?? sqlTypeOf(prop.type),
    });
  });
  if (issues.length)
    throw new ValidationError(`mirror ${spec.schema}.${spec.table} does not fit its data source: ${describeIssues(issues)}`, issues);
  return resolved;
}
