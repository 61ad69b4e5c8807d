import { mapKey } from "./mapping.ts";
import { notion } from "./notion-ops.ts";
import type { PageContext } from "./pages.ts";
import { loadMappings, recordIntent, saveMapping } from "./sql/mappings.ts";
import { type PushState, setRoot } from "./sql/state.ts";

/** The sync root is gone or unshared: the sync stops with this status instead of failing every node. */
export class RootGoneError extends Error {
  constructor() {
    super("the sync root page is not accessible (trashed, deleted, or no longer shared with the integration)");
    this.name = "RootGoneError";
  }
}

const ROOT_KIND = "_root";

/**
 * The page everything syncs under: the one the user chose, or "<App> Sync" at the top of the
 * workspace, created once (crash-safely, like every page: intent first, then a search for it
 * after a crash).
 */
export async function ensureRoot(ctx: PageContext, state: PushState, appName: string): Promise<string> {
  if (state.rootStatus === "inaccessible") throw new RootGoneError();
  if (state.rootPageId) return state.rootPageId;
  const title = `${appName} Sync`;
  const intent = (await loadMappings(ctx.db, ctx.userId, ctx.connectionId)).get(mapKey(ROOT_KIND, ROOT_KIND));
  let pageId: string | null = null;
  if (intent?.status === "creating" && intent.intentAt) {
    const since = Math.floor(intent.intentAt.getTime() / 60_000) * 60_000;
    const found = await notion(() => ctx.client.search({ query: title, filter: { property: "object", value: "page" } }));
    const mine = found.results.find((p) => {
      const page = p as { parent?: { type?: string }; created_by?: { id?: string }; created_time?: string; in_trash?: boolean };
      return (
        page.parent?.type === "workspace" &&
        page.created_by?.id === ctx.botId &&
        !page.in_trash &&
        Date.parse(page.created_time ?? "") >= since
      );
    });
    pageId = mine?.id ?? null;
  }
  if (!pageId) {
    await recordIntent(
      ctx.db,
      { userId: ctx.userId, connectionId: ctx.connectionId, kind: ROOT_KIND, docId: ROOT_KIND },
      { parentPageId: "00000000-0000-0000-0000-000000000000", title, at: ctx.now() },
    );
    const page = await notion(() =>
      ctx.client.pages.create({
        parent: { workspace: true },
        properties: { title: { title: [{ type: "text", text: { content: title } }] } },
      }),
    );
    pageId = page.id;
  }
  await saveMapping(ctx.db, ctx.userId, {
    kind: ROOT_KIND,
    docId: ROOT_KIND,
    status: "synced",
    pageId,
    parentPageId: null,
    title,
    blocks: [],
    syncedSeq: "0",
    lastError: null,
  });
  await setRoot(ctx.db, ctx.userId, pageId, "ok");
  return pageId;
}
