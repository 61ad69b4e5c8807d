import { readdirSync, readFileSync } from "node:fs";
import type { Client } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksToPlainText, markdownToBlocks, type TextBlock } from "../../src/sync/markdown/index.ts";
import { type TestDb, testDb } from "../helpers/db.ts";
import { type PushFixture, pushFixture } from "../helpers/push.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const CORPUS = new URL("../fixtures/markdown/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".md") && f !== "empty.md")
  .map((f) => readFileSync(new URL(f, CORPUS), "utf8"));

type Child = TextBlock & { id: string; has_children?: boolean; child_page?: { title: string } };

/** Reads a page's body back as a block tree (sub-pages left out: they are nodes of their own). */
async function bodyOf(client: Client, id: string): Promise<TextBlock[]> {
  const out: TextBlock[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 });
    for (const b of page.results as unknown as Child[]) {
      if (b.type === "child_page") continue;
      out.push({ ...b, children: b.has_children ? await bodyOf(client, b.id) : [] });
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

/** The first sync: 3 workspaces, nested folders, 200 notes with rich markdown. */
describe("push sync of a full tree with real markdown", () => {
  const sb = useSandbox();
  let t: TestDb;
  let f: PushFixture;
  const notes: Array<{ id: string; parent: string; body: string }> = [];

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    f = await pushFixture(t, sb.url, markdownToBlocks);
    const docs: Parameters<PushFixture["write"]>[0] = [];
    for (let w = 0; w < 3; w++) {
      docs.push({ kind: "workspace", id: `w${w}`, title: `Workspace ${w}`, position: w });
      docs.push({ kind: "folder", id: `w${w}f`, parent: { kind: "workspace", id: `w${w}` }, title: "Folder" });
      docs.push({ kind: "folder", id: `w${w}ff`, parent: { kind: "folder", id: `w${w}f` }, title: "Sub-folder" });
    }
    for (let n = 0; n < 200; n++) {
      const parent = `w${n % 3}${n % 2 ? "ff" : "f"}`;
      const body = corpus[n % corpus.length] as string;
      notes.push({ id: `n${n}`, parent, body });
      docs.push({ kind: "note", id: `n${n}`, parent: { kind: "folder", id: parent }, title: `Note ${n}`, body, position: n });
    }
    for (let i = 0; i < docs.length; i += 500) await f.write(docs.slice(i, i + 500));
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("creates exactly one page per node with the right parent and title, and bodies that match the markdown", async () => {
    const { counts } = await f.sync();
    expect(counts).toMatchObject({ created: 209, failed: 0 });
    const rows = (
      await t.db.query<{ kind: string; doc_id: string; page_id: string; parent_page_id: string }>(
        "SELECT kind, doc_id, page_id, parent_page_id FROM notion_pages WHERE user_id = $1 AND kind <> '_root'",
        [f.userId],
      )
    ).rows;
    expect(rows).toHaveLength(209);
    expect(new Set(rows.map((r) => r.page_id)).size).toBe(209);
    const byDoc = new Map(rows.map((r) => [r.doc_id, r]));
    // Every page sits under its parent's page; titles and bodies as written.
    for (const n of notes.filter((_, i) => i % 20 === 0)) {
      const row = byDoc.get(n.id);
      expect(row?.parent_page_id).toBe(byDoc.get(n.parent)?.page_id);
      const page = (await f.client.pages.retrieve({ page_id: row?.page_id as string })) as unknown as {
        parent: { page_id: string };
        properties: { title: { title: Array<{ plain_text: string }> } };
      };
      expect(page.parent.page_id).toBe(byDoc.get(n.parent)?.page_id);
      expect(page.properties.title.title[0]?.plain_text).toBe(`Note ${n.id.slice(1)}`);
      expect(blocksToPlainText(await bodyOf(f.client, row?.page_id as string))).toBe(blocksToPlainText(markdownToBlocks(n.body)));
    }
    // No duplicates anywhere: each folder page has exactly its notes as child pages.
    const folder = byDoc.get("w0f")?.page_id as string;
    const kids = (await f.client.blocks.children.list({ block_id: folder, page_size: 100 })).results as unknown as Child[];
    const titles = kids.filter((k) => k.type === "child_page").map((k) => k.child_page?.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).toContain("Sub-folder");
  }, 120_000);
});
