import { z } from "zod";
import { describeIssues, type FieldIssue, ValidationError } from "../../errors.ts";
import { columnSpecSchema, identifierProblem, identifierSchema, type MirrorSpec, parseMirrorSpec } from "./mapping.ts";

/**
 * A user's choice of databases as the API and CLI take it (snake_case, like the rest of the API),
 * and its stored form: one `pull_mirrors` row per database, plus an optional `all` row.
 */

const MAX_INTERVAL_MINUTES = 30 * 24 * 60;
const intervalMinutes = z.number().int().min(1).max(MAX_INTERVAL_MINUTES);

export const mirrorInputSchema = z.strictObject({
  database_id: z.string().min(1).max(200).optional(),
  database_name: z.string().min(1).max(1000).optional(),
  schema: identifierSchema("schema").optional(),
  table: identifierSchema("table"),
  columns: z.array(columnSpecSchema).max(200).optional(),
  interval_minutes: intervalMinutes.optional(),
  enabled: z.boolean().optional(),
});

export const allDatabasesInputSchema = z.strictObject({
  schema: identifierSchema("schema").optional(),
  interval_minutes: intervalMinutes.optional(),
  enabled: z.boolean().optional(),
});

export const mirrorSetInputSchema = z.strictObject({
  mirrors: z.array(mirrorInputSchema).max(500).default([]),
  all_databases: z.union([z.boolean(), allDatabasesInputSchema]).default(false),
});

export type MirrorSetInput = z.input<typeof mirrorSetInputSchema>;

/** What a stored row pulls: one database with its spec, or every database no other row names. */
export type MirrorTarget = { kind: "database"; spec: MirrorSpec } | { kind: "all"; schema: string };

export interface MirrorRowInput {
  sourceKey: string;
  target: MirrorTarget;
  intervalSeconds: number;
  enabled: boolean;
}

/** Notion ids with or without dashes, any case, name the same database. */
export const normalizeId = (id: string) => id.replaceAll("-", "").toLowerCase();

/** The key of a database named by id (dashes and case do not matter) or by title (case and outer spaces do not). */
export function sourceKey(source: { databaseId: string } | { databaseName: string }): string {
  return "databaseId" in source ? `id:${normalizeId(source.databaseId)}` : `name:${source.databaseName.trim().toLowerCase()}`;
}

export const sourceKeyOf = (spec: MirrorSpec): string => sourceKey(spec.source);

function invalid(issues: FieldIssue[]): never {
  throw new ValidationError(`invalid pull mirrors: ${describeIssues(issues)}`, issues);
}

/**
 * The rows a mirror set is stored as. Checks every name (a ValidationError names the field, as
 * `body.mirrors.1.table`), that each database and each table appears once.
 */
export function mirrorRows(input: unknown, defaults: { schema: string; intervalMinutes: number }, prefix = "body"): MirrorRowInput[] {
  const parsed = mirrorSetInputSchema.safeParse(input);
  if (!parsed.success) invalid(parsed.error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].join("."), message: i.message })));
  const rows: MirrorRowInput[] = [];
  const tables = new Map<string, number>();
  const keys = new Map<string, number>();
  parsed.data.mirrors.forEach((m, i) => {
    const at = `${prefix}.mirrors.${i}`;
    if ((m.database_id === undefined) === (m.database_name === undefined))
      invalid([{ field: at, message: "give exactly one of database_id and database_name" }]);
    const spec = parseMirrorSpec(
      {
        source: m.database_id !== undefined ? { databaseId: m.database_id } : { databaseName: m.database_name },
        schema: m.schema ?? defaults.schema,
        table: m.table,
        columns: m.columns ?? [],
      },
      at,
    );
    const key = sourceKeyOf(spec);
    const table = `${spec.schema}.${spec.table}`;
    if (keys.has(key)) invalid([{ field: at, message: `the same database as ${prefix}.mirrors.${keys.get(key)}` }]);
    if (tables.has(table))
      invalid([{ field: `${at}.table`, message: `${table} is also the table of ${prefix}.mirrors.${tables.get(table)}` }]);
    keys.set(key, i);
    tables.set(table, i);
    rows.push({
      sourceKey: key,
      target: { kind: "database", spec },
      intervalSeconds: (m.interval_minutes ?? defaults.intervalMinutes) * 60,
      enabled: m.enabled ?? true,
    });
  });
  const all = parsed.data.all_databases;
  if (all !== false) {
    const opts = all === true ? {} : all;
    const schema = opts.schema ?? defaults.schema;
    const problem = identifierProblem(schema, "schema");
    if (problem) invalid([{ field: `${prefix}.all_databases.schema`, message: `${JSON.stringify(schema)} ${problem}` }]);
    rows.push({
      sourceKey: "all",
      target: { kind: "all", schema },
      intervalSeconds: (opts.interval_minutes ?? defaults.intervalMinutes) * 60,
      enabled: opts.enabled ?? true,
    });
  }
  return rows;
}

/** A stored row's `spec` read back; checked again, since SQL could have written it. */
export function targetFrom(sourceKey: string, spec: unknown): MirrorTarget {
  if (sourceKey === "all") {
    const schema = (spec as { schema?: unknown } | null)?.schema;
    const problem = identifierProblem(schema, "schema");
    if (problem) invalid([{ field: "pull_mirrors.spec.schema", message: `${JSON.stringify(schema)} ${problem}` }]);
    return { kind: "all", schema: schema as string };
  }
  return { kind: "database", spec: parseMirrorSpec(spec, "pull_mirrors.spec") };
}

/** The stored `spec` column of a target. */
export const specJson = (t: MirrorTarget): unknown => (t.kind === "all" ? { all: true, schema: t.schema } : t.spec);
