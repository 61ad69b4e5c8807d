/**
 * The block-level diff of a note's body: which top-level blocks stay, which are updated in
 * place, which are inserted (and after which block) and which are deleted. Blocks are compared
 * by the hash of their content (children included).
 */
export interface OldBlock {
  id: string;
  hash: string;
  type: string;
  hasChildren: boolean;
}

export interface NewBlock {
  hash: string;
  type: string;
  hasChildren: boolean;
}

export type BodyOp =
  | { op: "update"; oldIndex: number; newIndex: number }
  | { op: "delete"; oldIndex: number }
  /** Insert new blocks [from, to) after the old block at `afterOld` (-1: at the start). */
  | { op: "insert"; afterOld: number; from: number; to: number };

/** Longest common subsequence on hashes; small middles only (the caller trims prefix and suffix first). */
function lcs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = dp[i] as Uint32Array;
      row[j] =
        a[i] === b[j]
          ? ((dp[i + 1] as Uint32Array)[j + 1] as number) + 1
          : Math.max((dp[i + 1] as Uint32Array)[j] as number, row[j + 1] as number);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
    } else if (((dp[i + 1] as Uint32Array)[j] as number) >= ((dp[i] as Uint32Array)[j + 1] as number)) i++;
    else j++;
  }
  return pairs;
}

/** Past this many cells the middle is replaced rather than diffed (a rewrite, not an edit). */
const MAX_CELLS = 250_000;

export function diffBody(old: OldBlock[], next: NewBlock[]): BodyOp[] {
  let pre = 0;
  while (pre < old.length && pre < next.length && old[pre]?.hash === next[pre]?.hash) pre++;
  let suf = 0;
  while (suf < old.length - pre && suf < next.length - pre && old[old.length - 1 - suf]?.hash === next[next.length - 1 - suf]?.hash) suf++;
  const oMid = old.slice(pre, old.length - suf).map((b) => b.hash);
  const nMid = next.slice(pre, next.length - suf).map((b) => b.hash);
  const matches = oMid.length * nMid.length <= MAX_CELLS ? lcs(oMid, nMid).map(([i, j]) => [i + pre, j + pre] as [number, number]) : [];
  // Anchors: matched pairs, with sentinels before the start and after the end.
  const anchors: Array<[number, number]> = [[pre - 1, pre - 1], ...matches, [old.length - suf, next.length - suf]];
  const ops: BodyOp[] = [];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const [oa, na] = anchors[k] as [number, number];
    const [ob, nb] = anchors[k + 1] as [number, number];
    const gone = Array.from({ length: ob - oa - 1 }, (_, x) => oa + 1 + x);
    const added = Array.from({ length: nb - na - 1 }, (_, x) => na + 1 + x);
    // Same position, same type, no children on either side: edit in place (one call).
    let paired = 0;
    while (paired < gone.length && paired < added.length) {
      const o = old[gone[paired] as number] as OldBlock;
      const n = next[added[paired] as number] as NewBlock;
      if (o.type !== n.type || o.hasChildren || n.hasChildren) break;
      ops.push({ op: "update", oldIndex: gone[paired] as number, newIndex: added[paired] as number });
      paired++;
    }
    for (const i of gone.slice(paired)) ops.push({ op: "delete", oldIndex: i });
    const rest = added.slice(paired);
    if (rest.length > 0) {
      const afterOld = paired > 0 ? (gone[paired - 1] as number) : oa;
      ops.push({ op: "insert", afterOld, from: rest[0] as number, to: (rest[rest.length - 1] as number) + 1 });
    }
  }
  return ops;
}
