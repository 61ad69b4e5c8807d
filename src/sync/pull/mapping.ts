import { z } from "zod";
import { describeIssues, fieldIssues, ValidationError } from "../../errors.ts";
import { SQL_TYPES } from "./columns.ts";
import { SYSTEM_COLUMN_NAMES } from "./sql/tables.ts";

/**
 * Mirror specs: which Notion database is pulled into which table, and how its properties become
 * columns, as data. Every name that reaches SQL is checked here (and again before any DDL).
 */

/** Lower-case SQL identifiers Ferry will create: never quoted into something surprising. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const IDENT_RULE = "must be lower-case letters, digits and underscores, start with a letter or underscore, at most 63 characters";

/** Why `name` cannot be used as a `kind` identifier, or null when it can. */
export function identifierProblem(name: unknown, kind: "schema" | "table" | "column"): string | null {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) return IDENT_RULE;
  if (kind !== "column" && name.startsWith("pg_")) return "must not start with pg_ (reserved by PostgreSQL)";
  if (kind === "schema" && name === "information_schema") return "is reserved by PostgreSQL";
  if (kind === "column" && SYSTEM_COLUMN_NAMES.has(name)) return "is a system column every mirror table has";
  return null;
}

/** A zod string that must be a usable identifier of its kind (the message says why not). */
export const identifierSchema = (kind: "schema" | "table" | "column") =>
  z.string().superRefine((name, ctx) => {
    const problem = identifierProblem(name, kind);
    if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(name)} ${problem}` });
  });

const propertyName = z.string().min(1).max(1000);

export const columnSpecSchema = z.strictObject({
  column: identifierSchema("column"),
  /** A property name, the first of several names that exists, or a property id. */
  from: z.union([propertyName, z.array(propertyName).min(1), z.strictObject({ id: z.string().min(1).max(200) })]),
  /** The column's SQL type, when not the property type's natural one (text and jsonb always work). */
  as: z.enum(SQL_TYPES).optional(),
});

export const mirrorSpecSchema = z
  .strictObject({
    source: z.union([
      z.strictObject({ databaseId: z.string().min(1).max(200) }),
      z.strictObject({ databaseName: z.string().min(1).max(1000) }),
    ]),
    schema: identifierSchema("schema").default("notion"),
    table: identifierSchema("table"),
    columns: z.array(columnSpecSchema).default([]),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.columns.forEach((c, i) => {
      if (seen.has(c.column))
        ctx.addIssue({ code: "custom", path: ["columns", i, "column"], message: `column "${c.column}" is mapped twice` });
      seen.add(c.column);
    });
  });

/** A connection's mirrors: the listed databases, and optionally every other database it can see. */
export const mirrorSetSchema = z.strictObject({
  mirrors: z.array(mirrorSpecSchema).default([]),
  allDatabases: z.boolean().default(false),
  /** Where `allDatabases` tables go. */
  schema: identifierSchema("schema").default("notion"),
});

export type ColumnSpec = z.infer<typeof columnSpecSchema>;
export type MirrorSpec = z.infer<typeof mirrorSpecSchema>;
export type MirrorSpecInput = z.input<typeof mirrorSpecSchema>;
export type MirrorSet = z.infer<typeof mirrorSetSchema>;

function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix: string, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error.issues, prefix);
  throw new ValidationError(`invalid ${what}: ${describeIssues(issues)}`, issues);
}

/** Parses a mirror spec; a ValidationError names each bad field (`mirror.columns.1.column`). */
export function parseMirrorSpec(input: unknown, prefix = "mirror"): MirrorSpec {
  return parseWith(mirrorSpecSchema, input, prefix, "mirror spec");
}

export function parseMirrorSet(input: unknown, prefix = "mirrors"): MirrorSet {
  return parseWith(mirrorSetSchema, input, prefix, "mirror set");
}

/** Throws a ValidationError naming `field` unless `name` is a usable identifier of its kind. */
export function assertIdentifier(name: unknown, kind: "schema" | "table" | "column", field: string): asserts name is string {
  const problem = identifierProblem(name, kind);
  if (!problem) return;
  const issue = { field, message: `${JSON.stringify(name)} ${problem}` };
  throw new ValidationError(`invalid ${kind} name: ${describeIssues([issue])}`, [issue]);
}

/**
 * A table name for a database found by "all databases": its title folded to an identifier
 * (`"Chat Sessions"` → `chat_sessions`, `"Écrits 2024"` → `ecrits_2024`, `"42"` → `db_42`).
 */
export function tableNameFor(title: string): string {
  const folded = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const name = /^[a-z]/.test(folded) && !folded.startsWith("pg_") ? folded : `db_${folded}`;
  return name.slice(0, 63).replace(/_+$/, "") || "db";
}

/** The mirror of a database found by "all databases": its title (id `title` in every data source) as `name`. */
export function defaultMirror(title: string, databaseId: string, schema: string): MirrorSpec {
  return parseMirrorSpec({
    source: { databaseId },
    schema,
    table: tableNameFor(title),
    columns: [{ column: "name", from: { id: "title" } }],
  });
}
