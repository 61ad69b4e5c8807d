import type { Definition, PhrasingContent } from "mdast";
import { cleanText, splitText } from "./text.ts";
import type { Annotations, RichText } from "./types.ts";
import { linkUrl } from "./urls.ts";

/** What inline conversion needs from the document: its link definitions, by identifier. */
export interface InlineContext {
  definitions: Map<string, Definition>;
}

interface Style {
  marks: Annotations;
  link: string | null;
}

interface Run {
  content: string;
  style: Style;
}

const PLAIN: Style = { marks: { bold: false, italic: false, strikethrough: false, code: false }, link: null };

const mark = (style: Style, name: keyof Annotations): Style => ({ ...style, marks: { ...style.marks, [name]: true } });

const sameStyle = (a: Style, b: Style): boolean =>
  a.link === b.link && (Object.keys(a.marks) as (keyof Annotations)[]).every((k) => a.marks[k] === b.marks[k]);

/** Appends text, merged into the previous run when it looks the same (fewer items). */
function add(runs: Run[], content: string, style: Style): void {
  const text = cleanText(content);
  if (text === "") return;
  const last = runs.at(-1);
  if (last && sameStyle(last.style, style)) last.content += text;
  else runs.push({ content: text, style });
}

/** The text of inline nodes, as a reader would see it. */
function textOf(nodes: PhrasingContent[]): string {
  return nodes.map((n) => ("value" in n ? n.value : "children" in n ? textOf(n.children) : "alt" in n ? (n.alt ?? "") : "")).join("");
}

/** A link Notion accepts wraps its text; any other keeps its text and shows the URL after it. */
function linked(children: PhrasingContent[], raw: string, style: Style, ctx: InlineContext, runs: Run[]): void {
  const url = linkUrl(raw);
  collect(children, url ? { ...style, link: url } : style, ctx, runs);
  if (!url && raw.trim() !== "" && textOf(children) !== raw) add(runs, ` (${raw})`, style);
}

/**
 * An image where only text can go (a heading, a table cell): its alt text linked to it, or the
 * markdown itself when Notion would refuse its URL. Inside a link, the alt text (or, without
 * one, the link's URL) links to the link and is followed by ` (image)` linked to the image.
 */
function inlineImage(alt: string, raw: string, style: Style, runs: Run[]): void {
  const url = linkUrl(raw);
  if (url === null) add(runs, `![${alt}](${raw})`, style);
  else if (style.link === null) add(runs, alt || raw, { ...style, link: url });
  else {
    const text = { ...style, link: null };
    add(runs, alt || style.link, style);
    add(runs, " (", text);
    add(runs, "image", { ...style, link: url });
    add(runs, ")", text);
  }
}

function collect(nodes: PhrasingContent[], style: Style, ctx: InlineContext, runs: Run[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case "text":
      case "html":
        add(runs, node.value, style);
        break;
      case "inlineCode":
        add(runs, node.value, mark(style, "code"));
        break;
      case "strong":
        collect(node.children, mark(style, "bold"), ctx, runs);
        break;
      case "emphasis":
        collect(node.children, mark(style, "italic"), ctx, runs);
        break;
      case "delete":
        collect(node.children, mark(style, "strikethrough"), ctx, runs);
        break;
      case "break":
        add(runs, "\n", style);
        break;
      case "footnoteReference":
        add(runs, `[^${node.label ?? node.identifier}]`, style);
        break;
      case "link":
        linked(node.children, node.url, style, ctx, runs);
        break;
      case "linkReference":
        linked(node.children, ctx.definitions.get(node.identifier)?.url ?? "", style, ctx, runs);
        break;
      case "image":
        inlineImage(node.alt ?? "", node.url, style, runs);
        break;
      case "imageReference":
        inlineImage(node.alt ?? "", ctx.definitions.get(node.identifier)?.url ?? "", style, runs);
        break;
    }
  }
}

function items(run: Run): RichText[] {
  const link = run.style.link === null ? null : { url: run.style.link };
  return splitText(run.content).map((content) => ({ type: "text", text: { content, link }, annotations: { ...run.style.marks } }));
}

/** Inline markdown as rich text: adjacent runs with the same style merged, none over 2000 characters. */
export function inlineToRichText(nodes: PhrasingContent[], ctx: InlineContext): RichText[] {
  const runs: Run[] = [];
  collect(nodes, PLAIN, ctx, runs);
  return runs.flatMap(items);
}

/** Unformatted text as rich text (code, raw HTML, captions); empty text gives no items. */
export function plainRichText(text: string): RichText[] {
  const runs: Run[] = [];
  add(runs, text, PLAIN);
  return runs.flatMap(items);
}
