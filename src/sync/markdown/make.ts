import { fitRichText } from "./fit.ts";
import type { Block, RichText } from "./types.ts";

export type TextType = "paragraph" | "heading_1" | "heading_2" | "heading_3" | "quote" | "bulleted_list_item" | "numbered_list_item";

/** One text block; `children` only when there are some. */
export function textBlock(type: TextType, rich_text: RichText[], children: Block[] = []): Block {
  const block = { type, [type]: { rich_text } } as unknown as Block;
  if (children.length > 0) block.children = children;
  return block;
}

/** Text as blocks of one type: more than one block fits (100 items, the byte budget) continues in the next. */
export function textBlocks(type: TextType, items: RichText[]): Block[] {
  return fitRichText(items).map((group) => textBlock(type, group));
}

/** A caption (images, code) and, when it is too long for one, the rest of it as paragraphs to put after the block. */
export function captioned(items: RichText[]): { caption: RichText[]; overflow: Block[] } {
  const [caption = [], ...rest] = fitRichText(items);
  return { caption, overflow: rest.map((group) => textBlock("paragraph", group)) };
}
