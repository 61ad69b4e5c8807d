import type { OpenApiDocument } from "../types.ts";
import { operations } from "./model.ts";
import type { Field } from "./schema-fields.ts";

/** Makes text safe inside a markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n+/g, " ");

function table(fields: Array<Field & { in?: string }>, withIn = false): string[] {
  if (fields.length === 0) return ["None."];
  const head = withIn
    ? ["| Name | In | Type | Required | Notes |", "| --- | --- | --- | --- | --- |"]
    : ["| Name | Type | Required | Notes |", "| --- | --- | --- | --- |"];
  return [
    ...head,
    ...fields.map((f) => {
      const where = withIn ? ` ${cell(f.in ?? "")} |` : "";
      return `| \`${cell(f.name)}\` |${where} \`${cell(f.type)}\` | ${f.required ? "yes" : "no"} | ${cell(f.notes)} |`;
    }),
  ];
}

/** The "Routes" section of docs/api.md, rendered from the OpenAPI document. */
export function renderMarkdown(doc: OpenApiDocument): string {
  const lines: string[] = [];
  for (const op of operations(doc)) {
    lines.push(`### \`${op.method} ${op.path}\``, "", `**${op.summary}.** ${op.description}`, "");
    const auth = op.auth.map((a) => `bearer token \`${a.scheme}\`: ${a.description}`).join("; or ");
    lines.push(`Auth: ${auth || "public"}.`, "");
    if (op.parameters.length) lines.push("Parameters:", "", ...table(op.parameters, true), "");
    if (op.body) lines.push(`Body (\`${op.body.mediaType}\`${op.body.required ? "" : ", optional"}):`, "", ...table(op.body.fields), "");
    lines.push("Responses:", "");
    for (const r of op.responses) {
      lines.push(`- **${r.status}** ${r.description}${r.fields.length ? ":" : ""}`);
      if (r.fields.length) lines.push("", ...table(r.fields).map((l) => `  ${l}`), "");
    }
    lines.push("");
  }
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
