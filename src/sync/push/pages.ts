import type { Client } from "@notionhq/client";
import type { Queryable } from "../../db/types.ts";
import type { CallMeter } from "../../http-client/limited-fetch.ts";
import { type Block, createWithBody } from "./body-apply.ts";
import type { BodyBlock } from "./mapping.ts";
import { listChildren, notion } from "./notion-ops.ts";
import { recordIntent } from "./sql/mappings.ts";

export interface PageContext {
  db: Queryable;
  client: Client;
  userId: string;
  connectionId: string;
  /** The bot the connection acts as: pages it created carry it as `created_by`. */
  botId: string;
  now: () => Date;
  /** The calls the run has made, and its budget when it is bounded. */
  meter?: CallMeter;
}

const titleProp = (title: string) => ({ title: { title: [{ type: "text" as const, text: { content: title.slice(0, 2000) } }] } });

/** Notion keeps created_time to the minute: an intent at 10:42:37 matches pages created at 10:42:00 or later. */
const minuteOf = (d: Date) => Math.floor(d.getTime() / 60_000) * 60_000;

/**
 * Creates a node's page crash-safely: the intent (parent, title, time) is recorded first, then
 * the page is created with the first part of its body. If the process dies in between, the
 * next run finds the intent and reconciles (`adoptOrNull`) instead of creating a second page.
 */
export async function createPage(
  ctx: PageContext,
  node: { kind: string; docId: string },
  parentPageId: string,
  title: string,
  blocks: Block[],
): Promise<{ pageId: string; body: BodyBlock[] }> {
  await recordIntent(
    ctx.db,
    { userId: ctx.userId, connectionId: ctx.connectionId, kind: node.kind, docId: node.docId },
    { parentPageId, title, at: ctx.now() },
  );
  return createWithBody(
    ctx.client,
    async (children) => {
      const page = await notion(() =>
        ctx.client.pages.create({ parent: { page_id: parentPageId }, properties: titleProp(title), children: children as never }),
      );
      return page.id;
    },
    blocks,
  );
}

/**
 * After a crash between recording an intent and recording its page: looks among the parent's
 * children for a page with the intended title, created by this connection's bot since the
 * intent, that no other node owns. The first is adopted; any more (from repeated crashes)
 * are moved to the trash. Null when the create never happened.
 */
export async function adoptOrNull(
  ctx: PageContext,
  intent: { parentPageId: string; title: string; intentAt: Date },
  owned: ReadonlySet<string>,
): Promise<string | null> {
  const children = await listChildren(ctx.client, intent.parentPageId);
  const candidates = children.filter((c) => {
    const meta = c as { child_page?: { title?: string }; created_by?: { id?: string }; created_time?: string; in_trash?: boolean };
    return (
      c.type === "child_page" &&
      meta.child_page?.title === intent.title.slice(0, 2000) &&
      meta.created_by?.id === ctx.botId &&
      !meta.in_trash &&
      Date.parse(meta.created_time ?? "") >= minuteOf(intent.intentAt) &&
      !owned.has(c.id)
    );
  });
  const [keep, ...extra] = candidates;
  for (const dup of extra) await notion(() => ctx.client.pages.update({ page_id: dup.id, in_trash: true }));
  return keep?.id ?? null;
}
