import { type Client, collectPaginatedAPI } from "@notionhq/client";
import type { Nodes } from "mdast";
import { parseMarkdown } from "../../../src/sync/markdown/index.ts";
import type { TextBlock } from "../../../src/sync/markdown/plain-text.ts";

interface Item {
  text: { content: string; link: { url: string } | null };
  annotations: { bold: boolean; italic: boolean; strikethrough: boolean; code: boolean };
}

/** A page's blocks read back from Notion, each with its children attached. */
export async function readTree(notion: Client, blockId: string): Promise<TextBlock[]> {
  const kids = await collectPaginatedAPI(notion.blocks.children.list, { block_id: blockId });
  return Promise.all(
    kids.map(async (b) => {
      const block = b as unknown as TextBlock & { id: string; has_children: boolean };
      return { ...block, children: block.has_children ? await readTree(notion, block.id) : [] };
    }),
  );
}

const items = (list: unknown): unknown[] =>
  ((list ?? []) as Item[]).map((i) => [
    i.text.content,
    i.text.link?.url ?? null,
    i.annotations.bold,
    i.annotations.italic,
    i.annotations.strikethrough,
    i.annotations.code,
  ]);

/** What a block says, in a form ours and Notion's responses share: type, text and styles, links, the rest of the payload, children. */
export function summary(block: TextBlock): unknown {
  const p = ((block as unknown as Record<string, unknown>)[block.type] ?? {}) as Record<string, unknown>;
  return {
    type: block.type,
    text: items(p.rich_text),
    caption: items(p.caption),
    cells: ((p.cells ?? []) as unknown[]).map(items),
    checked: p.checked,
    language: p.language,
    url: (p.external as { url?: string } | undefined)?.url,
    width: p.table_width,
    header: p.has_column_header,
    children: (block.children ?? []).map(summary),
  };
}

/** Every link and image URL in a block tree. */
export function urlsOf(blocks: readonly TextBlock[]): string[] {
  const json = JSON.stringify(blocks);
  return [...json.matchAll(/"(?:url|href)":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
export const words = (text: string): string[] => text.match(WORD) ?? [];

/**
 * What a markdown document says as its parser sees it: the words of its text, code, raw HTML,
 * alt text and footnote labels (`text`), and the URLs of its links, images and definitions.
 */
export function sourceWords(md: string): { text: string[]; urls: string[] } {
  const text: string[] = [];
  const urls: string[] = [];
  const add = (value: string) => {
    for (const word of words(value)) text.push(word);
  };
  const walk = (node: Nodes): void => {
    if ("value" in node) add(node.value);
    if ("alt" in node && node.alt) add(node.alt);
    if (node.type === "footnoteReference" || node.type === "footnoteDefinition") add(node.label ?? node.identifier);
    if ("url" in node && node.url.trim() !== "") urls.push(node.url);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(parseMarkdown(md));
  return { text, urls };
}

/** A URL as the page may hold it: as written, or as the URL parser encodes it. */
export function urlForms(url: string): string[] {
  try {
    return [url, new URL(url.trim()).href];
  } catch {
    return [url];
  }
}

/** Words of `expected` missing from `actual`, counting repeats. */
export function missingWords(expected: string[], actual: string[]): string[] {
  const have = new Map<string, number>();
  for (const w of actual) have.set(w, (have.get(w) ?? 0) + 1);
  return expected.filter((w) => {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    return n === 0;
  });
}
