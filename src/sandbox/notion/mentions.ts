import { dateValue } from "./dates.ts";
import { normalizeId } from "./ids.ts";
import type { NotionState } from "./state.ts";
import { annotationsOf, fail, MAX_EQUATION, MAX_TEXT, type RichText } from "./validate.ts";

/** Names of what a mention points at, as the caller's workspace knows them (undefined: unknown there). */
export interface MentionNames {
  user(id: string): string | undefined;
  page(id: string): string | undefined;
  database(id: string): string | undefined;
}

export const NO_NAMES: MentionNames = { user: () => undefined, page: () => undefined, database: () => undefined };

/** The names a workspace's members, pages and databases go by. */
export function mentionNames(state: NotionState, workspaceId: string): MentionNames {
  const block = (id: string, type: string) => {
    const b = state.blocks.get(id);
    return b?.type === type && b.workspaceId === workspaceId ? b : undefined;
  };
  return {
    user: (id) => {
      const u = state.users.get(id);
      return u?.workspaceId === workspaceId ? u.name : undefined;
    },
    page: (id) => (block(id, "child_page") ? String(block(id, "child_page")?.data.title ?? "") : undefined),
    database: (id) => (block(id, "child_database") ? (state.databases.get(id)?.title ?? []).map((t) => t.plain_text).join("") : undefined),
  };
}

const MENTION_TYPES = ["user", "page", "database", "date", "link_preview", "template_mention"] as const;
type MentionType = (typeof MENTION_TYPES)[number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const quoted = (xs: readonly string[]) => xs.map((x) => `\`"${x}"\``).join(", ");
const notionUrl = (id: string) => `https://www.notion.so/${id.replaceAll("-", "")}`;

/** The object under `path` (`mention.user`, ...), or Notion's validation error. */
function objectAt(v: unknown, path: string): Record<string, unknown> {
  return isObject(v) ? v : fail(path, "should be an object", v);
}

function idAt(v: Record<string, unknown>, path: string): string {
  return (typeof v.id === "string" ? normalizeId(v.id) : null) ?? fail(`${path}.id`, "should be a valid uuid", v.id);
}

/** A template mention: `@Today`, `@Now` (dates) or `@Me` (the user), resolved when a template is used. */
function templateMention(v: Record<string, unknown>, path: string): { value: Record<string, unknown>; text: string } {
  const type = v.type ?? ("template_mention_user" in v ? "template_mention_user" : "template_mention_date");
  if (type === "template_mention_date") {
    const d = v.template_mention_date;
    if (d !== "today" && d !== "now") fail(`${path}.template_mention_date`, 'should be `"today"` or `"now"`', d);
    return { value: { type, template_mention_date: d }, text: d === "today" ? "@Today" : "@Now" };
  }
  if (type !== "template_mention_user") fail(`${path}.type`, 'should be `"template_mention_date"` or `"template_mention_user"`', type);
  if (v.template_mention_user !== "me") fail(`${path}.template_mention_user`, 'should be `"me"`', v.template_mention_user);
  return { value: { type, template_mention_user: "me" }, text: "@Me" };
}

/** The mention's payload in response shape, its plain text and its link. */
function mention(type: MentionType, raw: unknown, path: string, names: MentionNames) {
  const p = `${path}.${type}`;
  if (type === "date") {
    const d = dateValue(objectAt(raw, p), p) as NonNullable<ReturnType<typeof dateValue>>;
    return { value: d, text: d.end ? `${d.start} → ${d.end}` : d.start, href: null };
  }
  const v = objectAt(raw, p);
  switch (type) {
    case "user": {
      const id = idAt(v, p);
      return { value: { object: "user", id }, text: `@${names.user(id) ?? "Anonymous"}`, href: null };
    }
    case "page":
    case "database": {
      const id = idAt(v, p);
      return { value: { id }, text: names[type](id) || "Untitled", href: notionUrl(id) };
    }
    case "link_preview": {
      if (typeof v.url !== "string" || v.url.length > MAX_TEXT) fail(`${p}.url`, "should be a URL of at most 2000 characters", v.url);
      return { value: { url: v.url }, text: String(v.url), href: String(v.url) };
    }
    default: {
      const t = templateMention(v, p);
      return { value: t.value, text: t.text, href: null };
    }
  }
}

/**
 * A mention (`{ mention: { user | page | database | date | link_preview | template_mention } }`) or
 * an equation (`{ equation: { expression } }`) in a title or rich-text value, in Notion's response
 * shape: the payload under its type, `plain_text` as Notion renders it, `href` for pages,
 * databases and links.
 */
export function inlineItem(kind: "mention" | "equation", item: Record<string, unknown>, path: string, names: MentionNames): RichText {
  const annotations = annotationsOf(item);
  if (kind === "equation") {
    const expression = objectAt(item.equation, `${path}.equation`).expression;
    if (typeof expression !== "string") return fail(`${path}.equation.expression`, "should be a string", expression);
    if (expression.length > MAX_EQUATION) fail(`${path}.equation.expression.length`, `should be ≤ \`${MAX_EQUATION}\``, expression.length);
    return { type: "equation", equation: { expression }, annotations, plain_text: expression, href: null };
  }
  const m = objectAt(item.mention, `${path}.mention`);
  const type = m.type ?? MENTION_TYPES.find((t) => t in m);
  if (!MENTION_TYPES.includes(type as MentionType)) return fail(`${path}.mention.type`, `should be one of ${quoted(MENTION_TYPES)}`, type);
  const { value, text, href } = mention(type as MentionType, m[type as MentionType], `${path}.mention`, names);
  return { type: "mention", mention: { type, [type as string]: value }, annotations, plain_text: text, href };
}
