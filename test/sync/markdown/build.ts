import type { Annotations, Block, RichText } from "../../../src/sync/markdown/index.ts";

/** Builders for expected shapes in the markdown tests. */
export const t = (content: string, marks: Partial<Annotations> = {}, url?: string): RichText => ({
  type: "text",
  text: { content, link: url === undefined ? null : { url } },
  annotations: { bold: false, italic: false, strikethrough: false, code: false, ...marks },
});

export const p = (...rich_text: RichText[]): Block => ({ type: "paragraph", paragraph: { rich_text } });

export const para = (content: string): Block => p(t(content));
