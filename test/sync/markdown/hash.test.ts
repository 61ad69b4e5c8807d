import { describe, expect, it } from "vitest";
import { blockHash, canonicalJson, markdownToBlocks } from "../../../src/sync/markdown/index.ts";

describe("block hashes", () => {
  it("are the same for the same content whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const [a] = markdownToBlocks("- item\n  - child");
    const [b] = markdownToBlocks("* item\n    * child");
    if (!a || !b) throw new Error("no blocks");
    expect(blockHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(blockHash(b)).toBe(blockHash(a));
    expect(blockHash(Object.fromEntries(Object.entries(a).reverse()) as typeof a)).toBe(blockHash(a));
  });

  it("change when the block's text, style or any descendant changes", () => {
    const hashes = ["- item\n  - child", "- item\n  - child!", "- **item**\n  - child", "- item", "1. item\n   - child"].map((md) => {
      const [block] = markdownToBlocks(md);
      if (!block) throw new Error("no block");
      return blockHash(block);
    });
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
