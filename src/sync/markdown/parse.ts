import type { Definition, Nodes, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { ConvertContext } from "./blocks.ts";

const parser = unified().use(remarkParse).use(remarkGfm);

/** Markdown (CommonMark with GFM: tables, task lists, strikethrough, autolinks, footnotes) as an mdast tree. */
export function parseMarkdown(md: string): Root {
  return parser.parse(md.replace(/\r\n?/g, "\n"));
}

/** The document's link definitions and the identifiers its links and images refer to. */
export function contextOf(root: Root): ConvertContext {
  const ctx: ConvertContext = { definitions: new Map<string, Definition>(), used: new Set() };
  const walk = (node: Nodes): void => {
    if (node.type === "definition" && !ctx.definitions.has(node.identifier)) ctx.definitions.set(node.identifier, node);
    if (node.type === "linkReference" || node.type === "imageReference") ctx.used.add(node.identifier);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(root);
  return ctx;
}
