import type { RichText } from "./validate.ts";

/**
 * Databases, data sources and comments as the sandbox stores them. A database is also a block
 * of type `child_database` with the same id (so it appears among its page's children and shares
 * the block's parent, icon, cover, trash flag and timestamps); this record holds the rest.
 */
export interface SandboxDatabase {
  id: string;
  title: RichText[];
  description: RichText[];
  isInline: boolean;
  isLocked: boolean;
  /** Its data sources, in order; the first is the one 2022-06-28 calls "the database". */
  dataSources: string[];
}

/** A property of a data source's schema. Values on rows are keyed by `id`, which never changes. */
export interface PropertySchema {
  id: string;
  name: string;
  type: string;
  description: string | null;
  /** The type's configuration in response shape, e.g. `{ options: [...] }` for a select. */
  config: Record<string, unknown>;
}

export interface SandboxDataSource {
  id: string;
  databaseId: string;
  workspaceId: string;
  title: RichText[];
  description: RichText[];
  /** The schema in display order. */
  properties: PropertySchema[];
  icon: unknown;
  inTrash: boolean;
  createdTime: Date;
  lastEditedTime: Date;
  createdBy: string;
  lastEditedBy: string;
  /** The next number a `unique_id` property hands out. */
  nextUniqueId: number;
  /** Row page ids in creation order. */
  rows: string[];
}

export interface SandboxComment {
  id: string;
  workspaceId: string;
  /** The page or block it is attached to. */
  parent: { type: "page_id"; page_id: string } | { type: "block_id"; block_id: string };
  discussionId: string;
  richText: RichText[];
  createdTime: Date;
  createdBy: string;
}

/** Property value read-only types: computed by Notion, refused in requests. */
export const COMPUTED_TYPES = new Set([
  "formula",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
]);
