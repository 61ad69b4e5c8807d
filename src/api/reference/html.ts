import type { OpenApiDocument } from "../types.ts";
import { type Operation, operations } from "./model.ts";
import type { Field } from "./schema-fields.ts";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Inline code spans (`x`) of our own descriptions, after escaping. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

function table(fields: Field[], withIn = false): string {
  if (fields.length === 0) return "<p class=none>none</p>";
  const head = `<tr><th>name</th>${withIn ? "<th>in</th>" : ""}<th>type</th><th>required</th><th>notes</th></tr>`;
  const rows = fields.map((f) => {
    const where = withIn ? `<td>${escapeHtml((f as Field & { in?: string }).in ?? "")}</td>` : "";
    return `<tr><td><code>${escapeHtml(f.name)}</code></td>${where}<td><code>${escapeHtml(f.type)}</code></td><td>${f.required ? "yes" : "no"}</td><td>${prose(f.notes)}</td></tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

function operation(op: Operation): string {
  const id = escapeHtml(`${op.method}-${op.path}`.replace(/[^A-Za-z0-9]+/g, "-"));
  const auth = op.auth.map((a) => `bearer token <code>${escapeHtml(a.scheme)}</code>: ${prose(a.description)}`).join("; or ") || "public";
  const body = op.body
    ? `<h4>Body (${escapeHtml(op.body.mediaType)}${op.body.required ? "" : ", optional"})</h4>${table(op.body.fields)}`
    : "";
  const responses = op.responses
    .map((r) => `<li><strong>${escapeHtml(r.status)}</strong> ${prose(r.description)}${r.fields.length ? table(r.fields) : ""}</li>`)
    .join("");
  return `<section id="${id}"><h3><span class="m">${escapeHtml(op.method)}</span> <code>${escapeHtml(op.path)}</code></h3>
<p><strong>${prose(op.summary)}</strong></p><p>${prose(op.description)}</p><p>Auth: ${auth}</p>
<h4>Parameters</h4>${table(op.parameters, true)}${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{font:13px ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}section{border-top:1px solid #ccc;margin-top:1.5rem}
.m{display:inline-block;min-width:4rem;font-weight:bold}.none{color:#777}`;

/** The API reference as one self-contained HTML page (no scripts, no external assets). */
export function renderHtml(doc: OpenApiDocument): string {
  const ops = operations(doc);
  const index = ops
    .map(
      (op) =>
        `<li><a href="#${escapeHtml(`${op.method}-${op.path}`.replace(/[^A-Za-z0-9]+/g, "-"))}">${escapeHtml(`${op.method} ${op.path}`)}</a> — ${prose(op.summary)}</li>`,
    )
    .join("");
  const title = escapeHtml(`${doc.info.title} ${doc.info.version}`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body><h1>${title}</h1>${(doc.info.description ?? "")
    .split("\n\n")
    .map((p) => `<p>${prose(p)}</p>`)
    .join("")}
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p><ul>${index}</ul>${ops.map(operation).join("\n")}</body></html>`;
}
