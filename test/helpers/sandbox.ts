import { Client } from "@notionhq/client";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Clock } from "../../src/clock.ts";
import { startProviderSandbox } from "../../src/providers/sandbox.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";

export interface MintedNotion {
  access_token: string;
  workspace_id: string;
  workspace_name: string;
  bot_id: string;
}

/** A sandbox plus, before each test, a reset and a fresh workspace with an official Notion client. */
export function useNotion(): { readonly sb: ReturnType<typeof useSandbox>; readonly notion: Client; readonly token: string } {
  const sb = useSandbox();
  let notion: Client | undefined;
  let token = "";
  beforeEach(async () => {
    await sb.reset();
    token = (await sb.mintNotion()).access_token;
    notion = new Client({ auth: token, baseUrl: sb.url, retry: false });
  });
  return {
    sb,
    get notion() {
      if (!notion) throw new Error("no Notion client before the first test");
      return notion;
    },
    get token() {
      return token;
    },
  };
}

export interface MintedGoogle {
  access_token: string;
  refresh_token: string;
  calendar_id: string;
  account_id: string;
  email: string;
  client_id: string;
  scope: string;
  expires_in: number;
}

/** One in-process sandbox per test file (on `clock` if given), started before and closed after its tests. */
export function useSandbox(opts: { clock?: Clock } = {}): {
  readonly url: string;
  reset(opts?: { rateLimits?: boolean }): Promise<void>;
  mintNotion(workspaceName?: string): Promise<MintedNotion>;
  mintGoogle(body?: Record<string, string>): Promise<MintedGoogle>;
} {
  let sb: RunningSandbox | undefined;
  beforeAll(async () => {
    sb = await startProviderSandbox({ clock: opts.clock });
  });
  afterAll(async () => {
    await sb?.close();
  });
  const url = () => {
    if (!sb) throw new Error("sandbox not started");
    return sb.url;
  };
  return {
    get url() {
      return url();
    },
    /** Forgets everything; rate limits (Notion's and Google's, on by default) are switched off unless asked for. */
    async reset(opts: { rateLimits?: boolean } = {}) {
      await fetch(`${url()}/__sandbox/reset`, { method: "POST" });
      if (!opts.rateLimits) {
        await fetch(`${url()}/__sandbox/rate-limits`, {
          method: "PUT",
          body: JSON.stringify({ notion: { enabled: false }, google: { enabled: false } }),
        });
      }
    },
    /** A new Google account with a primary calendar and a grant for the default client (or as `body` says). */
    async mintGoogle(body?: Record<string, string>) {
      const res = await fetch(`${url()}/__sandbox/google/tokens`, { method: "POST", body: body ? JSON.stringify(body) : "" });
      if (res.status !== 201) throw new Error(`minting a Google token failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as MintedGoogle;
    },
    async mintNotion(workspaceName?: string) {
      const res = await fetch(`${url()}/__sandbox/notion/tokens`, {
        method: "POST",
        body: workspaceName ? JSON.stringify({ workspace_name: workspaceName }) : "",
      });
      if (res.status !== 201) throw new Error(`minting a Notion token failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as MintedNotion;
    },
  };
}
