import type { Definition, Heading, PhrasingContent, RootContent } from "mdast";
import { notionLanguage } from "./code-language.ts";
import { footnoteBlocks, listBlocks, quoteBlocks } from "./containers.ts";
import { fitRichText } from "./fit.ts";
import { captioned, textBlocks } from "./make.ts";
import { type InlineContext, inlineToRichText, plainRichText } from "./rich-text.ts";
import { rowParagraphs, tableBlocks } from "./table.ts";
import type { Block } from "./types.ts";
import { imageUrl } from "./urls.ts";

/** What block conversion needs from the document: its definitions and which of them links use. */
export interface ConvertContext extends InlineContext {
  used: Set<string>;
}

const HEADINGS = ["heading_1", "heading_2", "heading_3"] as const;

function heading(node: Heading, ctx: ConvertContext): Block[] {
  return textBlocks(HEADINGS[Math.min(node.depth, 3) - 1] ?? "heading_3", inlineToRichText(node.children, ctx));
}

/**
 * A code block in Notion's language; a language Notion lacks becomes "plain text" with the
 * fence's word shown in the caption, as is any text after it (`meta`). Code longer than one
 * block carries continues in further code blocks.
 */
function codeBlocks(value: string, lang: string | null | undefined, meta?: string | null): Block[] {
  const language = notionLanguage(lang);
  const label = [language === null ? lang : null, meta].filter((s) => s).join(" ");
  const { caption, overflow } = captioned(plainRichText(label));
  const blocks = fitRichText(plainRichText(value)).map(
    (rich_text): Block => ({ type: "code", code: { rich_text, language: language ?? "plain text" } }),
  );
  const first = blocks[0];
  if (first?.type === "code" && caption.length > 0) first.code.caption = caption;
  return [...blocks, ...overflow];
}

function imageBlocks(alt: string, title: string | null | undefined, url: string): Block[] {
  const { caption, overflow } = captioned(plainRichText(title ? `${alt} — ${title}` : alt));
  return [{ type: "image", image: { type: "external", external: { url }, caption } }, ...overflow];
}

/** A paragraph; an image in it with a URL Notion can show becomes an image block between the text around it. */
function paragraphBlocks(nodes: PhrasingContent[], ctx: ConvertContext): Block[] {
  const out: Block[] = [];
  let run: PhrasingContent[] = [];
  let split = false;
  const flush = () => {
    const items = inlineToRichText(run, ctx);
    if (!split || items.some((i) => /[^ \n\t]/.test(i.text.content))) out.push(...textBlocks("paragraph", items));
    run = [];
  };
  for (const node of nodes) {
    const raw = node.type === "image" ? node.url : node.type === "imageReference" ? ctx.definitions.get(node.identifier)?.url : undefined;
    const url = raw === undefined ? null : imageUrl(raw);
    if (url === null || (node.type !== "image" && node.type !== "imageReference")) {
      run.push(node);
      continue;
    }
    split = true;
    flush();
    out.push(...imageBlocks(node.alt ?? "", node.type === "image" ? node.title : ctx.definitions.get(node.identifier)?.title, url));
  }
  flush();
  return out;
}

/**
 * A link definition that links use lives on in them and is left out; any other (unused, or a
 * duplicate that markdown ignores) is shown as written.
 */
function definitionBlocks(node: Definition, ctx: ConvertContext): Block[] {
  if (ctx.used.has(node.identifier) && ctx.definitions.get(node.identifier) === node) return [];
  const title = node.title ? ` "${node.title}"` : "";
  return textBlocks("paragraph", plainRichText(`[${node.label ?? node.identifier}]: ${node.url}${title}`));
}

/** Markdown block content as Notion blocks, in order. */
export function flowToBlocks(nodes: RootContent[], ctx: ConvertContext): Block[] {
  return nodes.flatMap((node): Block[] => {
    switch (node.type) {
      case "paragraph":
        return paragraphBlocks(node.children, ctx);
      case "heading":
        return heading(node, ctx);
      case "thematicBreak":
        return [{ type: "divider", divider: {} }];
      case "blockquote":
        return quoteBlocks(node, ctx);
      case "list":
        return listBlocks(node, ctx);
      case "listItem":
        return listBlocks({ type: "list", children: [node] }, ctx);
      case "code":
        return codeBlocks(node.value, node.lang, node.meta);
      case "html":
        return codeBlocks(node.value, "html");
      case "yaml":
        return codeBlocks(node.value, "yaml");
      case "table":
        return tableBlocks(node, ctx);
      case "tableRow":
        return rowParagraphs([node], ctx);
      case "tableCell":
        return paragraphBlocks(node.children, ctx);
      case "definition":
        return definitionBlocks(node, ctx);
      case "footnoteDefinition":
        return footnoteBlocks(node, ctx);
      default:
        return paragraphBlocks([node], ctx);
    }
  });
}
