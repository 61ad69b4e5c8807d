import type { SandboxEnv } from "../core/env.ts";
import type { NotionVersion } from "./auth.ts";
import type { SandboxToken } from "./state.ts";

/** The Notion sub-app's env: the core's, plus the caller's token and Notion-Version, set by `notionAuth`. */
export type NotionEnv = SandboxEnv & { Variables: { notionToken: SandboxToken; notionVersion: NotionVersion } };
