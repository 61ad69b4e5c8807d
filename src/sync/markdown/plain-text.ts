/** Any block tree with children beside the payload: ours, or Notion's blocks read back with their children attached. */
export interface TextBlock {
  type: string;
  children?: readonly TextBlock[];
}

interface TextItem {
  text?: { content?: string };
  plain_text?: string;
}

const join = (items: unknown): string | null =>
  Array.isArray(items) ? (items as TextItem[]).map((i) => i.text?.content ?? i.plain_text ?? "").join("") : null;

/**
 * The text of a block tree: one line per block in document order (a block's text, then its
 * children's), table cells separated by tabs, a caption on a line after its block.
 */
export function blocksToPlainText(blocks: readonly TextBlock[]): string {
  const lines: string[] = [];
  const visit = (block: TextBlock): void => {
    const payload = ((block as unknown as Record<string, unknown>)[block.type] ?? {}) as Record<string, unknown>;
    const cells = Array.isArray(payload.cells) ? payload.cells.map(join).join("\t") : null;
    lines.push(join(payload.rich_text) ?? cells ?? "");
    const caption = join(payload.caption);
    if (caption) lines.push(caption);
    for (const child of block.children ?? []) visit(child);
  };
  for (const block of blocks) visit(block);
  return lines.join("\n");
}
