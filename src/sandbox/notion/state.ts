import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../clock.ts";
import { TokenBuckets } from "../core/buckets.ts";
import type { OAuthClient, OAuthClients } from "../core/oauth-clients.ts";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./limits.ts";
import type { SandboxComment, SandboxDatabase, SandboxDataSource } from "./model.ts";

/** A Notion workspace in the sandbox, with the bot user its integration acts as. */
export interface SandboxWorkspace {
  id: string;
  name: string;
  icon: string | null;
  botId: string;
  createdAt: Date;
}

export interface SandboxUser {
  id: string;
  workspaceId: string;
  type: "person" | "bot";
  name: string;
  email?: string;
}

export interface SandboxToken {
  token: string;
  provider: "notion";
  workspaceId: string;
  botId: string;
  revoked: boolean;
}

/**
 * A Notion block. A page is a block of type `child_page` with property values; a database is a
 * block of type `child_database` (its schema lives in `NotionState.databases`).
 */
export interface SandboxBlock {
  id: string;
  workspaceId: string;
  parent:
    | { type: "page_id"; page_id: string }
    | { type: "block_id"; block_id: string }
    | { type: "workspace"; workspace: true }
    | { type: "data_source_id"; data_source_id: string; database_id: string };
  type: string;
  /** The type's payload, e.g. `{ rich_text, color }`; for pages `{ title }` (plain text). */
  data: Record<string, unknown>;
  /**
   * Pages only: property values in response shape, keyed by property id (`title` for the title).
   * Rows of a data source are read through its schema, so renaming a property keeps its values.
   */
  values?: Record<string, unknown>;
  icon: unknown;
  cover: unknown;
  children: string[];
  createdTime: Date;
  lastEditedTime: Date;
  createdBy: string;
  lastEditedBy: string;
  inTrash: boolean;
}

export interface OAuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  workspaceId: string;
  ownerId: string;
  expiresAt: number;
  used: boolean;
}

export interface OAuthGrant {
  refreshToken: string;
  clientId: string;
  workspaceId: string;
  ownerId: string;
  accessToken: string;
  revoked: boolean;
}

/** The client every fresh sandbox knows, so the demo works without setup. */
export const DEFAULT_NOTION_CLIENT: OAuthClient = {
  clientId: "ferry-sandbox-client",
  clientSecret: "ferry-sandbox-secret",
  redirectUris: ["http://127.0.0.1:3000/oauth/notion/callback", "http://localhost:3000/oauth/notion/callback"],
  name: "Ferry (sandbox)",
};

/**
 * Everything the Notion module remembers. In memory; `reset()` empties it. Handlers read and write
 * it directly: it is one process's fake world, not a database.
 */
export class NotionState {
  workspaces = new Map<string, SandboxWorkspace>();
  users = new Map<string, SandboxUser>();
  tokens = new Map<string, SandboxToken>();
  blocks = new Map<string, SandboxBlock>();
  databases = new Map<string, SandboxDatabase>();
  dataSources = new Map<string, SandboxDataSource>();
  comments = new Map<string, SandboxComment>();
  oauthClients: OAuthClients = new Map([[DEFAULT_NOTION_CLIENT.clientId, { ...DEFAULT_NOTION_CLIENT }]]);
  oauthCodes = new Map<string, OAuthCode>();
  oauthGrants = new Map<string, OAuthGrant>();
  /** Rate limits per token and per workspace (`PUT /__sandbox/rate-limits {"notion": ...}`). */
  limits: RateLimitSettings = { ...DEFAULT_RATE_LIMITS };
  readonly buckets: TokenBuckets;

  constructor(readonly clock: Clock) {
    this.buckets = new TokenBuckets(clock);
  }

  reset(): void {
    this.workspaces.clear();
    this.users.clear();
    this.tokens.clear();
    this.blocks.clear();
    this.databases.clear();
    this.dataSources.clear();
    this.comments.clear();
    this.oauthClients = new Map([[DEFAULT_NOTION_CLIENT.clientId, { ...DEFAULT_NOTION_CLIENT }]]);
    this.oauthCodes.clear();
    this.oauthGrants.clear();
    this.limits = { ...DEFAULT_RATE_LIMITS };
    this.buckets.reset();
  }

  /** A new workspace with its bot user and one person (the workspace owner). */
  createWorkspace(name = "Sandbox Workspace"): SandboxWorkspace {
    const ws: SandboxWorkspace = { id: randomUUID(), name, icon: null, botId: randomUUID(), createdAt: this.clock.now() };
    this.workspaces.set(ws.id, ws);
    this.users.set(ws.botId, { id: ws.botId, workspaceId: ws.id, type: "bot", name: "Sandbox Integration" });
    const owner = randomUUID();
    this.users.set(owner, { id: owner, workspaceId: ws.id, type: "person", name: "Sandbox Owner", email: "owner@sandbox.test" });
    return ws;
  }

  /** The person who owns a workspace (made with it). */
  ownerOf(workspaceId: string): SandboxUser | undefined {
    return [...this.users.values()].find((u) => u.workspaceId === workspaceId && u.type === "person");
  }

  /** A bot token for a workspace, shaped like Notion's (`ntn_` + random). */
  mintNotionToken(ws: SandboxWorkspace): SandboxToken {
    const token: SandboxToken = {
      token: `ntn_${randomBytes(24).toString("base64url")}`,
      provider: "notion",
      workspaceId: ws.id,
      botId: ws.botId,
      revoked: false,
    };
    this.tokens.set(token.token, token);
    return token;
  }
}
