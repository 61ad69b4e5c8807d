import { CallBudgetSpentError } from "../../http-client/errors.ts";
import type { Logger } from "../../logger.ts";
import { errorRecord, stopsSyncRun } from "../../providers/errors.ts";
import type { Block } from "./body-apply.ts";
import { syncBody } from "./body-sync.ts";
import { mapKey, type PageMapping } from "./mapping.ts";
import { notion, PageGoneError } from "./notion-ops.ts";
import { adoptOrNull, createPage, type PageContext } from "./pages.ts";
import { ensureRoot, RootGoneError } from "./root.ts";
import type { DocumentRow } from "./sql/documents.ts";
import { failMapping, loadMappings, markMissing, saveMapping } from "./sql/mappings.ts";
import { ensurePushState, markRootInaccessible, type PushState, recordRun } from "./sql/state.ts";
import { loadWork, type WorkItem } from "./work.ts";

export interface PushOptions {
  /** Markdown → blocks. */
  render: (markdown: string) => Block[];
  /** "<appName> Sync" is the root page Ferry creates when none is set. */
  appName: string;
  /** A node deleted in the app: its page goes to the trash, or stays as it is. */
  deletionPolicy: "archive" | "leave";
  /** A page the user trashed or deleted in Notion: made again, or reported as missing. */
  trashedPolicy: "recreate" | "report";
  logger: Logger;
}

export type PushCounts = Record<"created" | "updated" | "moved" | "archived" | "unchanged" | "failed" | "recreated", number>;

const title = (t: string) => ({ title: { title: [{ type: "text" as const, text: { content: t.slice(0, 2000) } }] } });

/** Errors that stop the run (the job is retried later); anything else fails one node only. */
const stopsRun = stopsSyncRun;

/**
 * One push-sync run for a user: every node that changed since it was last synced, parents first;
 * pages created crash-safely, titles, moves and bodies (block-level diff) updated, deleted nodes
 * archived. A node that fails is recorded with its error and retried next run; rate limits,
 * outages and auth errors stop the run for the queue to retry. An unchanged tree costs nothing.
 */
export async function runPushSync(ctx: PageContext, opts: PushOptions): Promise<PushRunResult> {
  const startedAt = ctx.now();
  const counts: PushCounts = { created: 0, updated: 0, moved: 0, archived: 0, unchanged: 0, failed: 0, recreated: 0 };
  const errors: PushState["lastErrors"] = [];
  const state = await ensurePushState(ctx.db, ctx.userId, ctx.connectionId);
  const mappings = await loadMappings(ctx.db, ctx.userId, ctx.connectionId);
  const work = await loadWork(ctx.db, ctx.userId, mappings);
  if (work.length === 0) {
    await recordRun(ctx.db, ctx.userId, { startedAt, finishedAt: ctx.now(), counts, errors: [] });
    return { counts, rootStatus: state.rootStatus, workLeft: false };
  }
  let root: string;
  try {
    root = await ensureRoot(ctx, state, opts.appName);
  } catch (err) {
    if (err instanceof RootGoneError) return { counts, rootStatus: "inaccessible", workLeft: false };
    if (err instanceof CallBudgetSpentError) return { counts, rootStatus: state.rootStatus, workLeft: true };
    throw err;
  }
  const docs = new Map(work.map((w) => [mapKey(w.doc.kind, w.doc.id), w.doc]));
  const run: Run = { root, rootChecked: false };
  // A bounded run stops between nodes once its calls are spent (or at the call that would pass
  // them, inside a node: crash-safe like a kill), recorded as unfinished; the rest is left.
  const stopForBudget = async (): Promise<PushRunResult> => {
    await recordRun(ctx.db, ctx.userId, { startedAt, finishedAt: null, counts, errors });
    return { counts, rootStatus: "ok", workLeft: true };
  };
  for (const item of work) {
    if (ctx.meter?.limit !== undefined && ctx.meter.calls >= ctx.meter.limit) return stopForBudget();
    try {
      const outcome = item.doc.deleted ? await removeNode(ctx, item, mappings, docs, opts) : await syncNode(ctx, item, mappings, run, opts);
      counts[outcome]++;
    } catch (err) {
      if (err instanceof RootGoneError || (err instanceof PageGoneError && (await rootGone(ctx, run)))) {
        await recordRun(ctx.db, ctx.userId, {
          startedAt,
          finishedAt: null,
          counts,
          errors: [{ kind: "_root", id: root, error: new RootGoneError().message }],
        });
        return { counts, rootStatus: "inaccessible", workLeft: false };
      }
      if (err instanceof CallBudgetSpentError) return stopForBudget();
      if (stopsRun(err)) {
        await recordRun(ctx.db, ctx.userId, { startedAt, finishedAt: null, counts, errors });
        throw err;
      }
      // A page could not be made under its parent's page: that page is gone too. Mark it missing so
      // the next run makes it again (per policy), and this node after it.
      if (err instanceof PageGoneError && item.doc.parent_kind && item.doc.parent_id)
        await markMissing(ctx.db, ctx.userId, item.doc.parent_kind, item.doc.parent_id);
      const { message, code, status } = errorRecord(err);
      counts.failed++;
      errors.push({ kind: item.doc.kind, id: item.doc.id, error: message, code, ...(status !== undefined ? { status } : {}) });
      await failMapping(ctx.db, ctx.userId, item.doc.kind, item.doc.id, message);
      opts.logger.warn({ userId: ctx.userId, kind: item.doc.kind, id: item.doc.id, err: message }, "push sync: node failed");
    }
  }
  await recordRun(ctx.db, ctx.userId, { startedAt, finishedAt: ctx.now(), counts, errors });
  return { counts, rootStatus: "ok", workLeft: false };
}

export interface PushRunResult {
  counts: PushCounts;
  rootStatus: string;
  /** The run stopped at its call budget: nodes are still pending. */
  workLeft: boolean;
}

interface Run {
  root: string;
  /** The root is looked at (one call) at most once per run, when a page turns out to be gone. */
  rootChecked: boolean;
}

/**
 * Whether a gone page is the root's doing (trashed, deleted or unshared): then the root is
 * marked inaccessible and the run stops, instead of failing or recreating every page under it.
 */
async function rootGone(ctx: PageContext, run: Run): Promise<boolean> {
  if (run.rootChecked) return false;
  run.rootChecked = true;
  try {
    const root = (await notion(() => ctx.client.pages.retrieve({ page_id: run.root }))) as { in_trash?: boolean };
    if (!root.in_trash) return false;
  } catch (err) {
    if (!(err instanceof PageGoneError)) throw err;
  }
  await markRootInaccessible(ctx.db, ctx.userId);
  return true;
}

function parentPage(doc: DocumentRow, mappings: Map<string, PageMapping>, root: string): string {
  if (!doc.parent_kind || !doc.parent_id) return root;
  const parent = mappings.get(mapKey(doc.parent_kind, doc.parent_id));
  if (parent?.status !== "synced" || !parent.pageId) throw new Error(`its parent ${doc.parent_kind} ${doc.parent_id} is not in Notion yet`);
  return parent.pageId;
}

async function syncNode(ctx: PageContext, item: WorkItem, mappings: Map<string, PageMapping>, run: Run, opts: PushOptions) {
  const { doc } = item;
  const key = mapKey(doc.kind, doc.id);
  const parentId = parentPage(doc, mappings, run.root);
  const blocks = doc.body ? opts.render(doc.body) : [];
  let m = mappings.get(key);
  let outcome: keyof PushCounts = "updated";
  if (m?.status === "creating" && m.parentPageId && m.intentAt) {
    const owned = new Set([...mappings.values()].flatMap((x) => (x.pageId ? [x.pageId] : [])));
    const adopted = await adoptOrNull(ctx, { parentPageId: m.parentPageId, title: m.title ?? "", intentAt: m.intentAt }, owned);
    m = adopted ? { ...m, pageId: adopted, status: "synced", blocks: null } : undefined;
  }
  if (m?.status === "missing" && opts.trashedPolicy === "report") return "failed" as const;
  if (!m?.pageId || m.status === "missing") {
    const made = await createPage(ctx, { kind: doc.kind, docId: doc.id }, parentId, doc.title, blocks);
    m = {
      kind: doc.kind,
      docId: doc.id,
      status: "synced",
      pageId: made.pageId,
      parentPageId: parentId,
      title: doc.title,
      intentAt: null,
      blocks: made.body,
      syncedSeq: doc.changed_seq,
      lastError: null,
    };
    outcome = mappings.get(key)?.status === "missing" ? "recreated" : "created";
  } else {
    const pageId = m.pageId;
    try {
      if (m.parentPageId !== parentId) {
        await notion(() => ctx.client.pages.move({ page_id: pageId, parent: { type: "page_id", page_id: parentId } }));
        outcome = "moved";
      }
      if (m.title !== doc.title) await notion(() => ctx.client.pages.update({ page_id: pageId, properties: title(doc.title) }));
      const body = await syncBody(ctx, pageId, m.blocks, blocks);
      if (outcome === "updated" && m.title === doc.title && !body.calls && m.parentPageId === parentId) outcome = "unchanged";
      m = { ...m, parentPageId: parentId, title: doc.title, blocks: body.body };
    } catch (err) {
      if (!(err instanceof PageGoneError)) throw err;
      if (await rootGone(ctx, run)) throw new RootGoneError();
      // The user trashed or deleted the page in Notion.
      await saveMapping(ctx.db, ctx.userId, { ...m, status: "missing", lastError: err.message });
      mappings.set(key, { ...m, status: "missing" });
      if (opts.trashedPolicy === "report")
        throw new Error(`the page was trashed or deleted in Notion; it is not recreated (PUSH_TRASHED_POLICY=report)`);
      return syncNode(ctx, { ...item, mapping: { ...m, status: "missing" } }, mappings, run, opts);
    }
  }
  const saved = { ...m, status: "synced" as const, syncedSeq: doc.changed_seq, lastError: null };
  await saveMapping(ctx.db, ctx.userId, saved);
  mappings.set(key, saved);
  return outcome;
}

/** A deleted node: its page is archived, unless an archived ancestor already took it to the trash. */
async function removeNode(
  ctx: PageContext,
  item: WorkItem,
  mappings: Map<string, PageMapping>,
  docs: Map<string, DocumentRow>,
  opts: PushOptions,
) {
  const { doc } = item;
  const key = mapKey(doc.kind, doc.id);
  const m = mappings.get(key);
  if (!m) return "archived" as const;
  const coveredByAncestor = hasArchivingAncestor(doc, mappings, docs);
  if (m.pageId && m.status !== "archived" && !coveredByAncestor && opts.deletionPolicy === "archive") {
    const pageId = m.pageId;
    try {
      await notion(() => ctx.client.pages.update({ page_id: pageId, in_trash: true }));
    } catch (err) {
      if (!(err instanceof PageGoneError)) throw err;
    }
  }
  const saved = { ...m, status: "archived" as const, syncedSeq: doc.changed_seq, lastError: null };
  await saveMapping(ctx.db, ctx.userId, saved);
  mappings.set(key, saved);
  return "archived" as const;
}

function hasArchivingAncestor(doc: DocumentRow, mappings: Map<string, PageMapping>, docs: Map<string, DocumentRow>): boolean {
  let cur = doc;
  for (let hops = 0; cur.parent_kind && cur.parent_id && hops < 1000; hops++) {
    const parentKey = mapKey(cur.parent_kind, cur.parent_id);
    const parentDoc = docs.get(parentKey);
    const parentMap = mappings.get(parentKey);
    if (!parentDoc?.deleted) return false;
    if (parentMap?.pageId) return true;
    cur = parentDoc;
  }
  return false;
}
