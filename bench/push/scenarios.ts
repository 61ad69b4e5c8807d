import type { Db } from "../../src/db/types.ts";
import { markdownToBlocks, planAppends } from "../../src/sync/markdown/index.ts";
import { type CorpusStats, corpusStats } from "./bound.ts";
import { callsDuring } from "./calls.ts";
import type { Corpus } from "./corpus.ts";
import type { EditPlan } from "./edits.ts";
import { naiveCalls, naiveRewrite } from "./naive.ts";
import { computed, result, type ScenarioResult } from "./report.ts";
import { type PushBench, pushBench } from "./setup.ts";
import { mismatchedBodies, pagesOf } from "./verify.ts";

export interface EditedNote {
  id: string;
  top_level_blocks: number;
  /**
   * Ferry's expected cost: the first edit reads the ids of the blocks that rode on the page create
   * (one listing; none when the create already had to read them for deeper levels) and updates one
   * block; later edits update only.
   */
  ferry_first_edit: number;
  ferry_later_edit: number;
  naive_edit: number;
}

/** Every note's body rewritten the naive way (list, delete each block, append), from the block counts. */
function naiveTotals(bodies: Array<{ before: string; after: string }>): Record<string, number> {
  const by = { "GET /v1/blocks/:id/children": 0, "DELETE /v1/blocks/:id": 0, "PATCH /v1/blocks/:id/children": 0 };
  for (const { before, after } of bodies) {
    const c = naiveCalls(markdownToBlocks(before).length, markdownToBlocks(after));
    by["GET /v1/blocks/:id/children"] += c.list;
    by["DELETE /v1/blocks/:id"] += c.delete;
    by["PATCH /v1/blocks/:id/children"] += c.append;
  }
  return by;
}

/**
 * Runs the scenarios in order on one user (Ferry) and, for the edits, on a second user whose
 * workspace holds only the edited notes (the naive strategy). `problems` lists failed checks.
 */
export async function runScenarios(db: Db, sandboxUrl: string, corpus: Corpus, edits: EditPlan[], log: (line: string) => void) {
  const stats: CorpusStats = corpusStats(corpus);
  const scenarios: ScenarioResult[] = [];
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const measure = async (
    [scenario, strategy]: [string, string],
    { bound, expected }: { bound: number; expected: number },
    bench: PushBench,
    fn: () => Promise<unknown>,
  ) => {
    const sent = bench.sent();
    const calls = await callsDuring(sandboxUrl, fn);
    const r = { ...result(scenario, strategy, bound, calls, bench.sent() - sent), expected };
    scenarios.push(r);
    log(`${scenario}, ${strategy}: ${r.calls.toLocaleString("en-US")} calls (expected ${expected}) in ${r.wall_seconds} s`);
    check(r.calls === expected, `${scenario}, ${strategy}: ${r.calls} calls where the design predicts ${expected}`);
    check(r.errors === 0, `${scenario}, ${strategy}: ${r.errors} error answers`);
    check(r.ferry_sent === r.calls, `${scenario}, ${strategy}: Ferry sent ${r.ferry_sent} requests, the sandbox logged ${r.calls}`);
    return r;
  };
  const bodiesMatch = async (bench: PushBench, what: string, notes: Array<{ id: string; body: string }>) => {
    const { byNode } = await pagesOf(db, bench.userId);
    const pages = notes.map((n) => ({ ...n, pageId: byNode.get(n.id) ?? "" }));
    const bad = await mismatchedBodies(bench.ctx.client, pages);
    check(bad.length === 0, `${what}: bodies differ from their markdown for ${bad.join(", ")}`);
  };

  const ferry = await pushBench(db, sandboxUrl);
  await ferry.write([...corpus.containers, ...corpus.notes]);
  let created = 0;
  const firstSync = { bound: stats.lower_bound, expected: stats.lower_bound + stats.notes_needing_ids_after_create };
  await measure(["first sync", "Ferry"], firstSync, ferry, async () => {
    const { counts } = await ferry.sync();
    created = counts.created;
    check(counts.failed === 0, `first sync: ${counts.failed} nodes failed`);
  });
  const pages = await pagesOf(db, ferry.userId);
  check(created === stats.pages - 1, `first sync: ${created} pages created, expected ${stats.pages - 1}`);
  check(
    pages.synced === stats.pages && pages.distinct === stats.pages,
    `first sync: ${pages.distinct} distinct pages, expected ${stats.pages}`,
  );
  const sample = corpus.notes.filter((_, i) => i % 25 === 0).map((n) => ({ id: n.id, body: n.body ?? "" }));
  await bodiesMatch(ferry, "first sync (every 25th note)", sample);

  await measure(["unchanged re-sync", "Ferry"], { bound: 0, expected: 0 }, ferry, () => ferry.sync());
  const all = corpus.notes.map((n) => ({ before: n.body ?? "", after: n.body ?? "" }));
  scenarios.push(computed("unchanged re-sync", "naive, no change tracking", 0, naiveTotals(all)));

  // The naive strategy on a workspace of its own holding the same notes, created (unmeasured) as they were.
  const naive = await pushBench(db, sandboxUrl);
  await naive.write(edits.map((e) => ({ ...e.note, parent: null })));
  await naive.sync();
  const naivePages = (await pagesOf(db, naive.userId)).byNode;

  const editedNotes: EditedNote[] = edits.map((e) => {
    const blocks = markdownToBlocks(e.note.body ?? "");
    return {
      id: e.note.id,
      top_level_blocks: blocks.length,
      ferry_first_edit: planAppends(blocks).some((r) => r.parent?.request === 0) ? 1 : 2,
      ferry_later_edit: 1,
      naive_edit: naiveCalls(blocks.length, blocks).total,
    };
  });
  let before = edits.map((e) => e.note.body ?? "");
  for (const round of [0, 1] as const) {
    const name = `edit round ${round + 1}`;
    await ferry.write(edits.map((e) => ({ ...e.note, body: e.rounds[round] })));
    const ferryExpected = round === 0 ? editedNotes.reduce((a, e) => a + e.ferry_first_edit, 0) : edits.length;
    await measure([name, "Ferry"], { bound: edits.length, expected: ferryExpected }, ferry, () => ferry.sync());
    const edited = edits.map((e) => ({ id: e.note.id, body: e.rounds[round] }));
    await bodiesMatch(ferry, `${name}, Ferry`, edited);
    const model = naiveTotals(edits.map((e, i) => ({ before: before[i] ?? "", after: e.rounds[round] })));
    const naiveExpected = Object.values(model).reduce((a, b) => a + b, 0);
    await measure([name, "naive"], { bound: edits.length, expected: naiveExpected }, naive, async () => {
      for (const e of edits) await naiveRewrite(naive.ctx.client, naivePages.get(e.note.id) ?? "", markdownToBlocks(e.rounds[round]));
    });
    await bodiesMatch(naive, `${name}, naive`, edited);
    before = edits.map((e) => e.rounds[round]);
  }

  return { corpus: stats, edited_notes: editedNotes, scenarios, problems };
}
