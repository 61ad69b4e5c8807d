import { blockHash, markdownToBlocks } from "../../src/sync/markdown/index.ts";
import type { DocumentInput } from "../../src/sync/push/documents.ts";
import { seeded } from "./corpus.ts";

/** The top-level block that differs, when `next` is `body` with exactly one paragraph changed in place. */
function onlyChangedParagraph(body: string, next: string): number | null {
  const a = markdownToBlocks(body);
  const b = markdownToBlocks(next);
  if (a.length !== b.length) return null;
  const changed = a.flatMap((block, i) => (blockHash(block) === blockHash(b[i] as typeof block) ? [] : [i]));
  const at = changed[0];
  if (changed.length !== 1 || at === undefined) return null;
  const [was, now] = [a[at], b[at]];
  return was?.type === "paragraph" && now?.type === "paragraph" && !was.children?.length && !now.children?.length ? at : null;
}

/**
 * `body` with one paragraph edited (a few words added to one of its lines), choosing the first
 * line from `from` on whose edit changes exactly one top-level paragraph and nothing else.
 * Null when no line qualifies (a note of tables, code or lists only).
 */
export function editOneParagraph(body: string, from: number, words: string): { body: string; block: number; line: number } | null {
  const lines = body.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const line = (from + k) % lines.length;
    const text = lines[line] ?? "";
    if (text.trim() === "") continue;
    const next = lines.map((l, i) => (i === line ? `${l.trimEnd()} ${words}` : l)).join("\n");
    const block = onlyChangedParagraph(body, next);
    if (block !== null) return { body: next, block, line };
  }
  return null;
}

export interface EditPlan {
  note: DocumentInput;
  /** The body after the first round, then after the second (another paragraph of the same note). */
  rounds: [string, string];
  blocks: [number, number];
}

/**
 * `count` notes drawn at random (seeded) among those with two editable paragraphs; round 1
 * edits a paragraph near the middle, round 2 another one further on.
 */
export function planEdits(notes: DocumentInput[], count: number, seed: number): EditPlan[] {
  const rng = seeded(seed);
  const order = notes.map((n) => ({ n, key: rng() })).sort((x, y) => x.key - y.key);
  const plans: EditPlan[] = [];
  for (const { n } of order) {
    if (plans.length === count) break;
    const body = n.body ?? "";
    const lines = body.split("\n").length;
    const first = editOneParagraph(body, Math.floor(lines / 2), "(edited once)");
    const second = first && editOneParagraph(first.body, first.line + 1, "(edited twice)");
    if (!first || !second || second.block === first.block) continue;
    plans.push({ note: n, rounds: [first.body, second.body], blocks: [first.block, second.block] });
  }
  if (plans.length < count) throw new Error(`only ${plans.length} notes have two editable paragraphs`);
  return plans;
}
