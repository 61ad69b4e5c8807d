import type { Context } from "hono";
import { notionError } from "./errors.ts";

/**
 * Request validation with Notion's limits and Notion-style messages:
 * "body failed validation: body.children.length should be ≤ `100`, instead was `101`."
 */
export class BodyError extends Error {}

/** Runs `fn`; a BodyError it throws becomes Notion's 400 validation_error. */
export function validated<T>(c: Context, fn: () => T): T | Response {
  try {
    return fn();
  } catch (err) {
    if (err instanceof BodyError) return notionError(c, "validation_error", err.message);
    throw err;
  }
}

export const fail = (path: string, rule: string, got: unknown): never => {
  throw new BodyError(`body failed validation: ${path} ${rule}, instead was \`${JSON.stringify(got)}\`.`);
};

export const MAX_TEXT = 2000;
export const MAX_ARRAY = 100;
export const MAX_ELEMENTS = 1000;
export const MAX_EQUATION = 1000;

const TEXT_TYPES = new Set([
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "bulleted_list_item",
  "numbered_list_item",
  "to_do",
  "quote",
  "toggle",
  "callout",
  "code",
]);
const OTHER_TYPES = new Set(["divider", "image", "bookmark", "equation", "table", "table_row"]);
export const CREATABLE_TYPES = [...TEXT_TYPES, ...OTHER_TYPES];
const CAPTIONED = new Set(["code", "image", "bookmark"]);

/** A rich-text item in response shape: text, or (in property values) a mention or an equation. */
export interface RichText {
  type: "text" | "mention" | "equation";
  text?: { content: string; link: { url: string } | null };
  mention?: Record<string, unknown>;
  equation?: { expression: string };
  annotations: Record<string, unknown>;
  plain_text: string;
  href: string | null;
}

const ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };

/** A request item's annotations over Notion's defaults. */
export const annotationsOf = (item: { annotations?: unknown }): Record<string, unknown> => ({
  ...ANNOTATIONS,
  ...((item.annotations ?? {}) as Record<string, unknown>),
});

/** Parses a request item of another kind than text (`mention`, `equation`) into response shape. */
export type InlineParser = (kind: "mention" | "equation", item: Record<string, unknown>, path: string) => RichText;

/** The kind of a request item: its `type`, or the one key it carries. */
function kindOf(t: Record<string, unknown>): unknown {
  if (t.type !== undefined || t.text !== undefined) return t.type ?? "text";
  return "mention" in t ? "mention" : "equation" in t ? "equation" : "text";
}

/**
 * Validates a request rich-text array and returns it in response shape. Only text items, unless
 * `inline` is given (property values): then mentions and equations too.
 */
export function richText(value: unknown, path: string, inline?: InlineParser): RichText[] {
  if (!Array.isArray(value)) return fail(path, "should be an array", value);
  if (value.length > MAX_ARRAY) fail(`${path}.length`, `should be ≤ \`${MAX_ARRAY}\``, value.length);
  return value.map((item, i) => {
    const p = `${path}[${i}]`;
    const t = item as {
      type?: unknown;
      text?: { content?: unknown; link?: { url?: unknown } | null };
      annotations?: Record<string, unknown>;
    };
    if (typeof t !== "object" || t === null) return fail(p, "should be an object", item);
    if (inline) {
      const kind = kindOf(t);
      if (kind === "mention" || kind === "equation") return inline(kind, t, p);
      if (kind !== "text") fail(`${p}.type`, 'should be `"text"`, `"mention"` or `"equation"`', t.type);
    } else if (t.type !== undefined && t.type !== "text") fail(`${p}.type`, 'should be `"text"`', t.type);
    const content = t.text?.content;
    if (typeof content !== "string") return fail(`${p}.text.content`, "should be a string", content);
    if (content.length > MAX_TEXT) fail(`${p}.text.content.length`, `should be ≤ \`${MAX_TEXT}\``, content.length);
    const url = t.text?.link?.url;
    if (url !== undefined && (typeof url !== "string" || url.length > MAX_TEXT))
      fail(`${p}.text.link.url`, "should be a URL of at most 2000 characters", url);
    const link = typeof url === "string" ? { url } : null;
    return {
      type: "text",
      text: { content, link },
      annotations: annotationsOf(t),
      plain_text: content,
      href: link?.url ?? null,
    };
  });
}

export interface ParsedBlock {
  type: string;
  data: Record<string, unknown>;
  children: ParsedBlock[];
}

/**
 * Validates block children: ≤ 100 per array, at most `depth` levels below this one, known types
 * with valid payloads. Counts elements so the caller can apply the 1000-per-request limit.
 */
export function blockChildren(value: unknown, path: string, depth: number, counter: { n: number }): ParsedBlock[] {
  if (!Array.isArray(value)) return fail(path, "should be an array", value);
  if (value.length > MAX_ARRAY) fail(`${path}.length`, `should be ≤ \`${MAX_ARRAY}\``, value.length);
  return value.map((raw, i) => {
    const p = `${path}[${i}]`;
    counter.n++;
    if (counter.n > MAX_ELEMENTS) throw new BodyError(`body failed validation: the request has more than ${MAX_ELEMENTS} block elements.`);
    const b = raw as Record<string, unknown>;
    if (typeof b !== "object" || b === null) return fail(p, "should be an object", raw);
    const type = typeof b.type === "string" ? b.type : CREATABLE_TYPES.find((t) => t in b);
    if (!type || !CREATABLE_TYPES.includes(type))
      return fail(`${p}.type`, `should be one of ${CREATABLE_TYPES.map((t) => `\`"${t}"\``).join(", ")}`, b.type);
    const payload = (b[type] ?? {}) as Record<string, unknown>;
    if (typeof payload !== "object" || payload === null) return fail(`${p}.${type}`, "should be an object", payload);
    const data: Record<string, unknown> = { ...payload };
    delete data.children;
    if (TEXT_TYPES.has(type)) {
      data.rich_text = richText(payload.rich_text, `${p}.${type}.rich_text`);
      data.color = typeof payload.color === "string" ? payload.color : "default";
      if (type === "to_do") data.checked = payload.checked === true;
      if (type === "code" && typeof payload.language !== "string") fail(`${p}.code.language`, "should be a string", payload.language);
    }
    if (type === "equation") {
      const expr = payload.expression;
      if (typeof expr !== "string") fail(`${p}.equation.expression`, "should be a string", expr);
      else if (expr.length > MAX_EQUATION) fail(`${p}.equation.expression.length`, `should be ≤ \`${MAX_EQUATION}\``, expr.length);
    }
    if (type === "bookmark" || type === "image") {
      const url = type === "bookmark" ? payload.url : (payload.external as { url?: unknown } | undefined)?.url;
      const at = type === "bookmark" ? `${p}.bookmark.url` : `${p}.image.external.url`;
      if (typeof url !== "string" || url.length > MAX_TEXT) fail(at, "should be a URL of at most 2000 characters", url);
    }
    if (CAPTIONED.has(type)) data.caption = payload.caption === undefined ? [] : richText(payload.caption, `${p}.${type}.caption`);
    if (type === "table_row") {
      if (!Array.isArray(payload.cells)) fail(`${p}.table_row.cells`, "should be an array", payload.cells);
      data.cells = (payload.cells as unknown[]).map((cell, j) => richText(cell, `${p}.table_row.cells[${j}]`));
    }
    const nested = payload.children;
    let children: ParsedBlock[] = [];
    if (nested !== undefined) {
      if (depth <= 0) fail(`${p}.${type}.children`, "should be not present", nested);
      children = blockChildren(nested, `${p}.${type}.children`, depth - 1, counter);
    }
    return { type, data, children };
  });
}
