import type { Blockquote, FootnoteDefinition, List, ListItem, Paragraph, RootContent } from "mdast";
import { type ConvertContext, flowToBlocks } from "./blocks.ts";
import { textBlock } from "./make.ts";
import type { Block, RichText } from "./types.ts";

/**
 * Content under a block with text of its own (a list item, a quote): a leading paragraph
 * becomes the block's text (its continuation, if it was too long for one block, stays as the
 * first child), everything else its children.
 */
function lead(content: Block[]): { rich_text: RichText[]; children: Block[] } {
  const [first, ...rest] = content;
  if (first?.type === "paragraph" && first.children === undefined) return { rich_text: first.paragraph.rich_text, children: rest };
  return { rich_text: [], children: content };
}

function listItem(item: ListItem, ordered: boolean, ctx: ConvertContext): Block {
  const { rich_text, children } = lead(flowToBlocks(item.children, ctx));
  if (typeof item.checked !== "boolean") return textBlock(ordered ? "numbered_list_item" : "bulleted_list_item", rich_text, children);
  const block: Block = { type: "to_do", to_do: { rich_text, checked: item.checked } };
  if (children.length > 0) block.children = children;
  return block;
}

/** List items: bulleted, numbered, or to-dos for GFM task items; nested lists become children. */
export function listBlocks(node: List, ctx: ConvertContext): Block[] {
  return node.children.map((item) => listItem(item, node.ordered === true, ctx));
}

/** A quote: its first paragraph is the quote's text, the rest (lists, nested quotes) its children. */
export function quoteBlocks(node: Blockquote, ctx: ConvertContext): Block[] {
  const { rich_text, children } = lead(flowToBlocks(node.children, ctx));
  return [textBlock("quote", rich_text, children)];
}

/** A footnote where it was defined: its content, the first paragraph starting with `[^label]: `. */
export function footnoteBlocks(node: FootnoteDefinition, ctx: ConvertContext): Block[] {
  const label = { type: "text" as const, value: `[^${node.label ?? node.identifier}]: ` };
  const [first, ...rest] = node.children;
  const content: RootContent[] =
    first?.type === "paragraph"
      ? [{ ...first, children: [label, ...first.children] } satisfies Paragraph, ...rest]
      : [{ type: "paragraph", children: [label] }, ...node.children];
  return flowToBlocks(content, ctx);
}
