import type { OpenApiDocument } from "../types.ts";
import { type Field, type Schema, schemaFields } from "./schema-fields.ts";

export interface Operation {
  method: string;
  path: string;
  summary: string;
  description: string;
  /** Security schemes that the route accepts (any one of them), with their descriptions; empty for public routes. */
  auth: Array<{ scheme: string; description: string }>;
  parameters: Array<Field & { in: string }>;
  body: { required: boolean; mediaType: string; fields: Field[] } | undefined;
  responses: Array<{ status: string; description: string; mediaType: string | undefined; fields: Field[] }>;
}

interface RawOperation {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The document's data fields of a success envelope (`{ data }`), or the schema's own fields. */
function responseFields(schema: Schema | undefined): Field[] {
  if (!schema || schema.$ref) return [];
  const data = schema.properties?.data;
  return data && Object.keys(schema.properties ?? {}).length === 1 ? schemaFields(data, "data") : schemaFields(schema);
}

/** Every operation of the document, in document order, in a shape the renderers share. */
export function operations(doc: OpenApiDocument): Operation[] {
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, { description?: string }>;
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, RawOperation | undefined>)[method];
      if (!op) return [];
      const [mediaType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return [
        {
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? "",
          description: op.description ?? "",
          auth: (op.security ?? [])
            .flatMap((req) => Object.keys(req))
            .map((scheme) => ({ scheme, description: schemes[scheme]?.description ?? "" })),
          parameters: (op.parameters ?? []).map((p) => {
            const f = p.schema ? schemaFields(p.schema)[0] : undefined;
            return {
              name: p.name,
              in: p.in,
              type: f?.type ?? "string",
              required: p.required ?? false,
              notes: p.description ?? f?.notes ?? "",
            };
          }),
          body: mediaType
            ? { required: op.requestBody?.required ?? false, mediaType, fields: schemaFields(content?.schema ?? {}) }
            : undefined,
          responses: Object.entries(op.responses ?? {}).map(([status, r]) => {
            const [type, body] = Object.entries(r.content ?? {})[0] ?? [];
            return { status, description: r.description ?? "", mediaType: type, fields: responseFields(body?.schema) };
          }),
        },
      ];
    }),
  );
}
