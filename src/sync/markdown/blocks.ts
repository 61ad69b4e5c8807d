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

/** An image Notion can show, as a block: its alt text (and title) is the caption, linked to the URL of the link around it, if any. */
function imageBlocks(image: ShownImage, link: string | null, ctx: ConvertContext): Block[] {
  const text = image.title ? `${image.alt} — ${image.title}` : image.alt;
  const items =
    link === null
      ? plainRichText(text)
      : inlineToRichText([{ type: "link", url: link, children: [{ type: "text", value: text || link.trim() }] }], ctx);
  const { caption, overflow } = captioned(items);
  return [{ type: "image", image: { type: "external", external: { url: image.url }, caption } }, ...overflow];
}

interface ShownImage {
  alt: string;
  title: string | null | undefined;
  url: string;
}

/** An image (or image reference) with a URL an image block may point at; null for anything else. */
function shownImage(node: PhrasingContent, ctx: ConvertContext): ShownImage | null {
  if (node.type !== "image" && node.type !== "imageReference") return null;
  const source = node.type === "image" ? node : ctx.definitions.get(node.identifier);
  const url = source === undefined ? null : imageUrl(source.url);
  return url === null ? null : { alt: node.alt ?? "", title: source?.title, url };
}

/** A paragraph's content cut at its images: runs of inline content, and the image blocks between them. */
type Part = { inline: PhrasingContent[] } | { blocks: Block[] };

/**
 * Inline nodes cut at every image Notion can show, however deep (inside a link, emphasis, a
 * link inside emphasis). A link or mark around an image is split around it: the content
 * before and after stays in copies of it, and the image's caption links to the link's URL.
 */
function cutAtImages(nodes: PhrasingContent[], link: string | null, ctx: ConvertContext): Part[] {
  const parts: Part[] = [];
  const inline = (node: PhrasingContent) => {
    const last = parts.at(-1);
    if (last && "inline" in last) last.inline.push(node);
    else parts.push({ inline: [node] });
  };
  for (const node of nodes) {
    const image = shownImage(node, ctx);
    if (image) {
      parts.push({ blocks: imageBlocks(image, link, ctx) });
      continue;
    }
    // A link, link reference or mark (strong, emphasis, delete): the inline nodes with children.
    if (!("children" in node)) {
      inline(node);
      continue;
    }
    const url = node.type === "link" ? node.url : node.type === "linkReference" ? (ctx.definitions.get(node.identifier)?.url ?? "") : link;
    const inner = cutAtImages(node.children, url, ctx);
    if (inner.every((part) => "inline" in part)) inline(node);
    else for (const part of inner) "inline" in part ? inline({ ...node, children: part.inline }) : parts.push(part);
  }
  return parts;
}

/** What is left between images once they are blocks of their own: spaces and separators, as in a row of badges. */
const SEPARATORS = /^[\s|·•∙⋅/,;–—-]*$/u;

/**
 * A paragraph; an image in it with a URL Notion can show (inside a link or not) becomes an
 * image block between the text around it. Text between, before or after images that is only
 * spaces and separators (`|`, `·`, `•`, `/`, `,`, `;`, dashes) is left out: the blocks separate them.
 */
function paragraphBlocks(nodes: PhrasingContent[], ctx: ConvertContext): Block[] {
  const parts = cutAtImages(nodes, null, ctx);
  if (parts.every((part) => "inline" in part)) return textBlocks("paragraph", inlineToRichText(nodes, ctx));
  return parts.flatMap((part) => {
    if ("blocks" in part) return part.blocks;
    const items = inlineToRichText(part.inline, ctx);
    return SEPARATORS.test(items.map((i) => i.text.content).join("")) ? [] : textBlocks("paragraph", items);
  });
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
