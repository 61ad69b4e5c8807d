import { createHash } from "node:crypto";
import type { Block } from "./types.ts";

/** JSON with object keys sorted at every level, so equal blocks always serialise the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A stable content hash of a block and all its descendants (sha256, hex): equal hashes, equal content. */
export function blockHash(block: Block): string {
  return createHash("sha256").update(canonicalJson(block)).digest("hex");
}
