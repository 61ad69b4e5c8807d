import { DEAD_LETTER_REASONS, ERROR_CODES } from "../../errors.ts";
import type { OpenApiDocument } from "../types.ts";
import { renderMarkdown } from "./markdown.ts";

/** The parts of docs/api.md that are generated, each between its two markers. */
export function generatedSections(doc: OpenApiDocument): Record<string, string> {
  const errors = [
    "| Code | HTTP status | Meaning |",
    "| --- | --- | --- |",
    ...Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${meaning.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  const reasons = [
    "| Reason | Meaning |",
    "| --- | --- |",
    ...Object.entries(DEAD_LETTER_REASONS).map(([reason, meaning]) => `| \`${reason}\` | ${meaning.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  return { "error-codes": `${errors}\n`, "dead-letter-reasons": `${reasons}\n`, routes: renderMarkdown(doc) };
}

const marker = (name: string, end: boolean) => `<!-- ${end ? "END" : "BEGIN"} GENERATED ${name}: npm run docs:api -->`;

/** `text` with every generated section replaced by its current rendering. Throws if a marker is missing. */
export function updateApiMarkdown(text: string, doc: OpenApiDocument): string {
  let out = text;
  for (const [name, content] of Object.entries(generatedSections(doc))) {
    const begin = marker(name, false);
    const end = marker(name, true);
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/api.md lacks the markers for the "${name}" section: ${begin} ... ${end}`);
    out = `${out.slice(0, from + begin.length)}\n\n${content}\n${out.slice(to)}`;
  }
  return out;
}
