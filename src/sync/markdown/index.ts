import { flowToBlocks } from "./blocks.ts";
import { contextOf, parseMarkdown } from "./parse.ts";
import type { Block } from "./types.ts";

/**
 * Markdown → Notion blocks: the top-level blocks with their children, every rich text and
 * array within Notion's limits. Send them with `planAppends` + `executePlan`.
 */
export function markdownToBlocks(md: string): Block[] {
  const root = parseMarkdown(md);
  return flowToBlocks(root.children, contextOf(root));
}

export type { NotionLanguage } from "./code-language.ts";
export { blockHash, canonicalJson } from "./hash.ts";
export { parseMarkdown } from "./parse.ts";
export { blocksToPlainText, type TextBlock } from "./plain-text.ts";
export { type AppendChildren, type AppendRequest, batchBlocks, executePlan, planAppends } from "./plan.ts";
export type { Annotations, Block, BlockType, RequestBlock, RequestLeaf, RichText } from "./types.ts";
