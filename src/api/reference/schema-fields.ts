/** A JSON schema as found in the OpenAPI document (the subset the reference reads). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** One row of a reference table: a field, its type, whether it is required, and what else is known. */
export interface Field {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

export function typeName(s: Schema): string {
  if (s.$ref) return s.$ref.split("/").pop() ?? s.$ref;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeName).join(" | ");
  if (s.type === "array") return `${s.items ? typeName(s.items) : "unknown"}[]`;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return s.type ?? "any";
}

function notes(s: Schema): string {
  const out: string[] = [];
  if (s.description) out.push(s.description);
  if (s.minimum !== undefined || s.maximum !== undefined) out.push(`range ${s.minimum ?? "…"}–${s.maximum ?? "…"}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`length ${s.minLength ?? 0}–${s.maxLength ?? "…"}`);
  if (s.pattern) out.push(`pattern \`${s.pattern}\``);
  if (s.default !== undefined) out.push(`default \`${JSON.stringify(s.default)}\``);
  return out.join("; ");
}

/** The fields of an object schema, nested objects flattened to dotted names (`database.driver`). */
export function schemaFields(s: Schema, prefix = ""): Field[] {
  if (!s.properties) return prefix ? [] : [{ name: "(body)", type: typeName(s), required: true, notes: notes(s) }];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).flatMap(([key, prop]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const row: Field = { name, type: prop.properties ? "object" : typeName(prop), required: required.has(key), notes: notes(prop) };
    return [row, ...(prop.properties ? schemaFields(prop, name) : [])];
  });
}
