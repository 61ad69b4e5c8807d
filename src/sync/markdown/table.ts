import type { PhrasingContent, Table, TableRow } from "mdast";
import type { ConvertContext } from "./blocks.ts";
import { jsonBytes, MAX_BLOCK_BYTES, MAX_ITEMS } from "./limits.ts";
import { textBlocks } from "./make.ts";
import { inlineToRichText } from "./rich-text.ts";
import type { Block, RichText } from "./types.ts";

const cellsOf = (row: TableRow, ctx: ConvertContext): RichText[][] => row.children.map((cell) => inlineToRichText(cell.children, ctx));

/** A row Notion can take: every cell within 100 items, the whole row within one block's byte budget. */
const fits = (cells: RichText[][]): boolean => cells.every((c) => c.length <= MAX_ITEMS) && jsonBytes(cells) <= MAX_BLOCK_BYTES;

/** Rows as paragraphs, cells separated by " | ": how a table Notion cannot take is still shown. */
export function rowParagraphs(rows: TableRow[], ctx: ConvertContext): Block[] {
  return rows.flatMap((row) => {
    const inline = row.children.flatMap((cell, i): PhrasingContent[] =>
      i === 0 ? cell.children : [{ type: "text", value: " | " }, ...cell.children],
    );
    return textBlocks("paragraph", inlineToRichText(inline, ctx));
  });
}

/**
 * A GFM table: the first row is the column header, short rows are padded with empty cells.
 * Column alignment has no Notion equivalent and is not kept. A table wider than 100 columns,
 * or with a cell too long for Notion, degrades to one paragraph per row.
 */
export function tableBlocks(node: Table, ctx: ConvertContext): Block[] {
  const rows = node.children.map((row) => cellsOf(row, ctx));
  const width = Math.max(1, ...rows.map((cells) => cells.length));
  if (width > MAX_ITEMS || !rows.every(fits)) return rowParagraphs(node.children, ctx);
  const children = rows.map((cells): Block => {
    const padded = [...cells, ...Array.from({ length: width - cells.length }, (): RichText[] => [])];
    return { type: "table_row", table_row: { cells: padded } };
  });
  return [{ type: "table", table: { table_width: width, has_column_header: true, has_row_header: false }, children }];
}
