import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.ts";
import { executePush } from "../../src/sync/push/execute.ts";
import { pendingCounts } from "../../src/sync/push/status.ts";
import { type PushFixture, pushFixture } from "../helpers/push.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { useTestDb } from "../helpers/use-db.ts";

const NOTES = 3_000;
const pendingOf = async (db: Parameters<typeof pendingCounts>[0], userId: string) => (await pendingCounts(db, [userId])).get(userId) ?? 0;
const BUDGET = 501;
/** Every 10th note is 150 lines long: its page takes a create and an append, so a budget can run out inside a node (it does at 501). */
const LONG = (i: number) => i % 10 === 0;
const body = (i: number) => (LONG(i) ? Array.from({ length: 150 }, (_, l) => `line ${l} of note ${i}`).join("\n") : "");

/**
 * A bounded run (the scheduler's background runs, `max_calls` on the job) of a 3,000-page first
 * sync: each turn stops within its budget, the next goes on from there, and when the work is done
 * every node has exactly one page, whole, with no duplicate, though budgets ran out between
 * nodes and inside them.
 */
describe("scheduler: a bounded first sync continues across turns", () => {
  const sb = useSandbox();
  const file = useTestDb();
  let f: PushFixture;

  beforeAll(async () => {
    await sb.reset();
    f = await pushFixture(file.t, sb.url);
    await f.write(Array.from({ length: NOTES }, (_, i) => ({ kind: "note", id: `n${i}`, title: `Note ${i}`, body: body(i), position: i })));
  });

  it(`pushes ${NOTES.toLocaleString("en-US")} pages in turns of at most ${BUDGET} calls, one page per node`, async () => {
    const payload = { connection_id: f.ctx.connectionId, user_id: f.userId, max_calls: BUDGET };
    const turns: Array<{ calls: number; created: number; updated: number; failed: number; workLeft: boolean }> = [];
    for (let turn = 1; turn <= 20; turn++) {
      const r = await executePush(f.deps, f.opts, payload, { job: { id: String(turn), attempts: 1 }, logger: silentLogger() });
      turns.push({ calls: r.calls, created: r.counts.created, updated: r.counts.updated, failed: r.counts.failed, workLeft: r.workLeft });
      if (!r.workLeft) break;
      expect(await pendingOf(file.t.db, f.userId)).toBeGreaterThan(0);
    }
    expect(turns.length).toBeGreaterThanOrEqual(Math.ceil(NOTES / BUDGET));
    expect(turns.at(-1)?.workLeft).toBe(false);
    for (const t of turns) expect(t.calls).toBeLessThanOrEqual(BUDGET);
    // A note whose budget ran out between its create and its append is finished (updated) by the next turn.
    expect(turns.reduce((n, t) => n + t.updated, 0)).toBeGreaterThan(0);
    expect(turns.reduce((n, t) => n + t.created + t.updated, 0)).toBe(NOTES);
    expect(turns.reduce((n, t) => n + t.failed, 0)).toBe(0);
    expect(await pendingOf(file.t.db, f.userId)).toBe(0);

    // What a person sees under the root: one page per note, none twice.
    const { rows } = await file.t.db.query<{ root_page_id: string }>("SELECT root_page_id FROM push_sync_state WHERE user_id = $1", [
      f.userId,
    ]);
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await f.client.blocks.children.list({ block_id: rows[0]?.root_page_id ?? "", start_cursor: cursor, page_size: 100 });
      for (const b of page.results as Array<{ type: string; child_page?: { title: string } }>)
        if (b.type === "child_page") titles.push(b.child_page?.title ?? "");
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
    expect(titles.length).toBe(NOTES);
    expect(new Set(titles).size).toBe(NOTES);

    // Long notes are whole, including those whose budget ran out between their create and their append.
    const { rows: pages } = await file.t.db.query<{ doc_id: string; page_id: string }>(
      "SELECT doc_id, page_id FROM notion_pages WHERE user_id = $1 AND doc_id = ANY ($2::text[])",
      [f.userId, Array.from({ length: 30 }, (_, k) => `n${k * 100}`)],
    );
    for (const p of pages) {
      let blocks = 0;
      let next: string | undefined;
      do {
        const page = await f.client.blocks.children.list({ block_id: p.page_id, start_cursor: next, page_size: 100 });
        blocks += page.results.length;
        next = page.has_more ? (page.next_cursor ?? undefined) : undefined;
      } while (next);
      expect(blocks, p.doc_id).toBe(150);
    }
  });
});
