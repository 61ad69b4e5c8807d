import { randomUUID } from "node:crypto";
import type { NotionVersion } from "./auth.ts";
import { notionTime } from "./ids.ts";
import { pageProperties } from "./properties.ts";
import type { NotionState, SandboxBlock, SandboxToken } from "./state.ts";
import type { ParsedBlock, RichText } from "./validate.ts";

/** Stores a new block (or page) made by the token's bot now. */
export function newBlock(
  state: NotionState,
  token: SandboxToken,
  init: Pick<SandboxBlock, "parent" | "type" | "data"> & Partial<Pick<SandboxBlock, "values" | "icon" | "cover">>,
): SandboxBlock {
  const now = state.clock.now();
  const block: SandboxBlock = {
    icon: null,
    cover: null,
    ...init,
    id: randomUUID(),
    workspaceId: token.workspaceId,
    children: [],
    createdTime: now,
    lastEditedTime: now,
    createdBy: token.botId,
    lastEditedBy: token.botId,
    inTrash: false,
  };
  state.blocks.set(block.id, block);
  return block;
}

/** Inserts validated blocks under `parentId` (a page or block), at `index` (default: the end). */
export function insertBlocks(
  state: NotionState,
  token: SandboxToken,
  parentId: string,
  blocks: ParsedBlock[],
  index?: number,
): SandboxBlock[] {
  const parent = state.blocks.get(parentId);
  if (!parent) throw new Error(`parent ${parentId} missing`);
  const ref: SandboxBlock["parent"] =
    parent.type === "child_page" ? { type: "page_id", page_id: parent.id } : { type: "block_id", block_id: parent.id };
  const made = blocks.map((b) => {
    const block = newBlock(state, token, { parent: ref, type: b.type, data: b.data });
    insertBlocks(state, token, block.id, b.children);
    return block;
  });
  const at = index === undefined ? parent.children.length : index;
  parent.children.splice(at, 0, ...made.map((b) => b.id));
  parent.lastEditedTime = state.clock.now();
  return made;
}

const user = (id: string) => ({ object: "user", id });

/** `in_trash`, plus the older `archived` for versions before 2026-03-11. */
export function trashFields(version: NotionVersion, inTrash: boolean) {
  return version === "2026-03-11" ? { in_trash: inTrash } : { in_trash: inTrash, archived: inTrash };
}

/** A stored parent as the version shows it: 2022-06-28 knows rows only by their database. */
export function parentObject(parent: SandboxBlock["parent"], version: NotionVersion) {
  if (parent.type === "data_source_id" && version === "2022-06-28") return { type: "database_id", database_id: parent.database_id };
  return parent;
}

/** A notion.so-style URL: the title as a slug, then the id without dashes. */
export function notionUrl(id: string, title: string): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${id.replaceAll("-", "")}`;
}

/** A block object as Notion returns it. */
export function blockObject(state: NotionState, b: SandboxBlock, version: NotionVersion) {
  const payload = b.type === "child_page" || b.type === "child_database" ? { title: b.data.title } : b.data;
  return {
    object: "block",
    id: b.id,
    parent: parentObject(b.parent, version),
    created_time: notionTime(b.createdTime),
    last_edited_time: notionTime(b.lastEditedTime),
    created_by: user(b.createdBy),
    last_edited_by: user(b.lastEditedBy),
    has_children: b.children.some((id) => !state.blocks.get(id)?.inTrash),
    ...trashFields(version, b.inTrash),
    type: b.type,
    [b.type]: payload,
  };
}

/** The page's title as plain text, for its URL and its child_page block. */
export function titleText(title: RichText[]): string {
  return title.map((t) => t.plain_text).join("");
}

/** A page object as Notion returns it; `only` limits the properties (`filter_properties`). */
export function pageObject(state: NotionState, b: SandboxBlock, version: NotionVersion, only?: Set<string>) {
  return {
    object: "page",
    id: b.id,
    created_time: notionTime(b.createdTime),
    last_edited_time: notionTime(b.lastEditedTime),
    created_by: user(b.createdBy),
    last_edited_by: user(b.lastEditedBy),
    cover: b.cover,
    icon: b.icon,
    parent: parentObject(b.parent, version),
    ...trashFields(version, b.inTrash),
    is_locked: b.data.is_locked === true,
    properties: pageProperties(state, b, only),
    url: notionUrl(b.id, String(b.data.title ?? "")),
    public_url: null,
  };
}

/** Visible children of a block, in order. */
export function visibleChildren(state: NotionState, b: SandboxBlock): SandboxBlock[] {
  return b.children.map((id) => state.blocks.get(id)).filter((c): c is SandboxBlock => c !== undefined && !c.inTrash);
}

/** The block itself, then its parent, grandparent ... up to the workspace. */
export function* lineage(state: NotionState, b: SandboxBlock): Generator<SandboxBlock> {
  let cur: SandboxBlock | undefined = b;
  while (cur) {
    yield cur;
    const p: SandboxBlock["parent"] = cur.parent;
    cur =
      p.type === "page_id"
        ? state.blocks.get(p.page_id)
        : p.type === "block_id"
          ? state.blocks.get(p.block_id)
          : p.type === "data_source_id"
            ? state.blocks.get(p.database_id)
            : undefined;
  }
}

/** True when the block or any ancestor is in the trash (Notion refuses edits then). */
export function trashed(state: NotionState, b: SandboxBlock): boolean {
  for (const x of lineage(state, b)) {
    if (x.inTrash) return true;
    if (x.parent.type === "data_source_id" && state.dataSources.get(x.parent.data_source_id)?.inTrash) return true;
  }
  return false;
}
