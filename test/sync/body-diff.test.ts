import { describe, expect, it } from "vitest";
import { diffBody, type NewBlock, type OldBlock } from "../../src/sync/push/body-diff.ts";

const old = (hashes: string, type = "paragraph"): OldBlock[] =>
  hashes.split("").map((h, i) => ({ id: `id${i}`, hash: h, type, hasChildren: false }));
const next = (hashes: string, type = "paragraph"): NewBlock[] => hashes.split("").map((h) => ({ hash: h, type, hasChildren: false }));

/** The block-level diff: the fewest calls for common edits. */
describe("body diff", () => {
  it("nothing for an unchanged body", () => {
    expect(diffBody(old("abcdef"), next("abcdef"))).toEqual([]);
  });
  it("one update for one edited paragraph", () => {
    expect(diffBody(old("abcdef"), next("abXdef"))).toEqual([{ op: "update", oldIndex: 2, newIndex: 2 }]);
  });
  it("one insert in the middle, after the right block", () => {
    expect(diffBody(old("abcdef"), next("abcXYdef"))).toEqual([{ op: "insert", afterOld: 2, from: 3, to: 5 }]);
    expect(diffBody(old("abc"), next("Xabc"))).toEqual([{ op: "insert", afterOld: -1, from: 0, to: 1 }]);
  });
  it("deletes only the removed blocks", () => {
    expect(diffBody(old("abcdef"), next("abef"))).toEqual([
      { op: "delete", oldIndex: 2 },
      { op: "delete", oldIndex: 3 },
    ]);
  });
  it("does not update across types or blocks with children: delete and insert instead", () => {
    const o = old("abc");
    const n: NewBlock[] = [
      { hash: "a", type: "paragraph", hasChildren: false },
      { hash: "X", type: "heading_1", hasChildren: false },
      { hash: "c", type: "paragraph", hasChildren: false },
    ];
    expect(diffBody(o, n)).toEqual([
      { op: "delete", oldIndex: 1 },
      { op: "insert", afterOld: 0, from: 1, to: 2 },
    ]);
  });
  it("handles edits, inserts and deletes together, and moves as delete plus insert", () => {
    const ops = diffBody(old("abcdefgh"), next("aXcdgYhb"));
    const calls = ops.length;
    // Whatever the plan, replaying it must give the new order, in few calls.
    const result = replay("abcdefgh", "aXcdgYhb", ops);
    expect(result).toBe("aXcdgYhb");
    expect(calls).toBeLessThanOrEqual(6);
  });
});

/** Applies a plan to a string of hashes, the way the executor applies it to Notion. */
function replay(from: string, to: string, ops: ReturnType<typeof diffBody>): string {
  const cells = from.split("").map((c) => ({ c, alive: true }));
  const after = new Map<number, string>();
  for (const op of ops) {
    if (op.op === "update") (cells[op.oldIndex] as { c: string }).c = to[op.newIndex] as string;
    if (op.op === "delete") (cells[op.oldIndex] as { alive: boolean }).alive = false;
    if (op.op === "insert") after.set(op.afterOld, (after.get(op.afterOld) ?? "") + to.slice(op.from, op.to));
  }
  let out = after.get(-1) ?? "";
  cells.forEach((cell, i) => {
    if (cell.alive) out += cell.c;
    out += after.get(i) ?? "";
  });
  return out;
}
