import { markdownToBlocks, planAppends } from "../../src/sync/markdown/index.ts";
import type { Corpus } from "./corpus.ts";

export interface CorpusStats {
  /** The sync root, every workspace and folder, every note. */
  pages: number;
  notes: number;
  bodies: Record<string, number>;
  top_level_blocks: { total: number; median: number; max: number };
  notes_over_100_blocks: number;
  /** Planned requests beyond the first, summed over the notes (the first rides on the page create). */
  extra_requests: number;
  /** Notes whose first request holds a block with children still to append: their ids must be read after the create. */
  notes_needing_ids_after_create: number;
  /** The fewest calls a first sync can make: one create per page and one call per further planned request. */
  lower_bound: number;
}

export function corpusStats(corpus: Corpus): CorpusStats {
  const sizes: number[] = [];
  let extra = 0;
  let needIds = 0;
  for (const note of corpus.notes) {
    const blocks = markdownToBlocks(note.body ?? "");
    const plan = planAppends(blocks);
    sizes.push(blocks.length);
    extra += Math.max(0, plan.length - 1);
    if (plan.some((r) => r.parent?.request === 0)) needIds++;
  }
  sizes.sort((a, b) => a - b);
  const pages = 1 + corpus.containers.length + corpus.notes.length;
  return {
    pages,
    notes: corpus.notes.length,
    bodies: corpus.bodies,
    top_level_blocks: { total: sizes.reduce((a, b) => a + b, 0), median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes.at(-1) ?? 0 },
    notes_over_100_blocks: sizes.filter((s) => s > 100).length,
    extra_requests: extra,
    notes_needing_ids_after_create: needIds,
    lower_bound: pages + extra,
  };
}
