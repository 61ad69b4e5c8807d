import type { NotionLanguage } from "./code-language.ts";

/**
 * The blocks the markdown converter produces, in Notion's request shape except for one
 * thing: `children` sits beside the payload rather than inside it, so the tree can be
 * hashed, measured and cut into requests (see `plan.ts`, which moves it inside).
 */

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  code: boolean;
}

/** A request rich-text item: always `text`, with a link or `null`. */
export interface RichText {
  type: "text";
  text: { content: string; link: { url: string } | null };
  annotations: Annotations;
}

interface TextPayload {
  rich_text: RichText[];
}

export interface Payloads {
  paragraph: TextPayload;
  heading_1: TextPayload;
  heading_2: TextPayload;
  heading_3: TextPayload;
  bulleted_list_item: TextPayload;
  numbered_list_item: TextPayload;
  to_do: TextPayload & { checked: boolean };
  quote: TextPayload;
  code: TextPayload & { language: NotionLanguage; caption?: RichText[] };
  image: { type: "external"; external: { url: string }; caption: RichText[] };
  table: { table_width: number; has_column_header: boolean; has_row_header: boolean };
  table_row: { cells: RichText[][] };
  divider: Record<string, never>;
}

export type BlockType = keyof Payloads;

/** A block with its children beside the payload: `{ type: "quote", quote: {...}, children: [...] }`. */
export type Block = { [K in BlockType]: { type: K; children?: Block[] } & Record<K, Payloads[K]> }[BlockType];

type Shaped<T extends BlockType, Extra> = { [K in T]: { type: K } & Record<K, Payloads[K] & Extra> }[T];

/** A block in a request's second level: no children of its own (so never a table, which needs its rows). */
export type RequestLeaf = Shaped<Exclude<BlockType, "table">, { children?: never }>;

/** A block as Notion's append endpoint takes it, children inside the payload: two levels at most, a table with its rows. */
export type RequestBlock =
  | Shaped<Exclude<BlockType, "table">, { children?: RequestLeaf[] }>
  | { type: "table"; table: Payloads["table"] & { children: Extract<RequestLeaf, { type: "table_row" }>[] } };
