import { esc, externalLink, safeUrl } from "../../core/view/html.ts";
import type { PropertySchema, SandboxDataSource } from "../model.ts";
import { fullValue } from "../properties.ts";
import type { NotionState, SandboxBlock } from "../state.ts";
import { trashed } from "../tree.ts";
import { hostedUrl, pageLink, when } from "./html.ts";
import { plainText, richHtml } from "./rich-text.ts";
import { colorClass } from "./style.ts";

/** The view shows at most this many rows per data source; the API has them all. */
const MAX_ROWS = 200;

type Option = { name?: string; color?: string };

const chip = (o: Option) => `<span class="chip ${colorClass(`${o.color ?? "gray"}_background`)}">${esc(o.name)}</span>`;

/** One cell: a property value as people read it. */
function cellHtml(state: NotionState, row: SandboxBlock, prop: PropertySchema): string {
  const v = fullValue(row, prop) as never;
  const list = (x: unknown) => (Array.isArray(x) ? (x as unknown[]) : []);
  switch (prop.type) {
    case "title":
      return pageLink(row);
    case "rich_text":
      return richHtml(v);
    case "checkbox":
      return v ? "☑" : "☐";
    case "select":
    case "status":
      return v ? chip(v) : "";
    case "multi_select":
      return list(v)
        .map((o) => chip(o as Option))
        .join(" ");
    case "date": {
      const d = v as { start: string; end: string | null } | null;
      return d ? esc(d.end ? `${d.start} → ${d.end}` : d.start) : "";
    }
    case "people":
    case "created_by":
    case "last_edited_by":
      return list(prop.type === "people" ? v : [v])
        .map((u) => esc(state.users.get((u as { id: string }).id)?.name ?? "Unknown user"))
        .join(", ");
    case "relation":
      return list(v)
        .map((r) => state.blocks.get((r as { id: string }).id))
        .map((p) => (p ? pageLink(p) : "(no access)"))
        .join(", ");
    case "files":
      return list(v)
        .map((f) => {
          const url = hostedUrl(f);
          return url ? externalLink(url, esc((f as { name?: string }).name ?? url)) : "";
        })
        .join(" ");
    case "url": {
      const url = safeUrl(v);
      return url ? externalLink(url, esc(url)) : esc(v);
    }
    case "created_time":
    case "last_edited_time":
      return esc(when(new Date(v)));
    case "unique_id": {
      const u = v as { prefix: string | null; number: number | null };
      return esc(u.number === null ? "" : `${u.prefix ? `${u.prefix}-` : ""}${u.number}`);
    }
    case "formula":
    case "rollup":
      return '<span class="muted">computed</span>';
    default:
      return esc(v);
  }
}

/** A data source as a table: its schema as columns (title first), its rows not in the trash. */
export function dataSourceTable(state: NotionState, ds: SandboxDataSource): string {
  const cols = [...ds.properties].sort((a, b) => (a.type === "title" ? -1 : b.type === "title" ? 1 : 0));
  const rows = ds.rows.map((id) => state.blocks.get(id)).filter((r): r is SandboxBlock => r !== undefined && !trashed(state, r));
  const head = cols.map((p) => `<th scope="col">${esc(p.name)}</th>`).join("");
  const body = rows
    .slice(0, MAX_ROWS)
    .map((r) => `<tr>${cols.map((p) => `<td>${cellHtml(state, r, p)}</td>`).join("")}</tr>`)
    .join("");
  const more = rows.length > MAX_ROWS ? `<p class="muted">Showing ${MAX_ROWS} of ${rows.length} rows.</p>` : "";
  const empty = rows.length === 0 ? '<p class="muted">No rows yet.</p>' : "";
  return `<div class="table-wrap database"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}${empty}`;
}

/** A database block: its title and each of its data sources as a table. */
export function databaseHtml(state: NotionState, block: SandboxBlock): string {
  const db = state.databases.get(block.id);
  if (!db) return "";
  const sources = db.dataSources
    .map((id) => state.dataSources.get(id))
    .filter((ds): ds is SandboxDataSource => ds !== undefined && !ds.inTrash)
    .map((ds) => `${db.dataSources.length > 1 ? `<h4>${esc(plainText(ds.title))}</h4>` : ""}${dataSourceTable(state, ds)}`);
  return `<section class="db"><h3>🗃 ${richHtml(db.title) || "Untitled database"}</h3>${sources.join("")}</section>`;
}
