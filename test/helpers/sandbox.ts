import { afterAll, beforeAll } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

export interface MintedNotion {
  access_token: string;
  workspace_id: string;
  workspace_name: string;
  bot_id: string;
}

/** One in-process sandbox per test file, started before and closed after its tests. */
export function useSandbox(): {
  readonly url: string;
  reset(opts?: { rateLimits?: boolean }): Promise<void>;
  mintNotion(workspaceName?: string): Promise<MintedNotion>;
} {
  let sb: RunningSandbox | undefined;
  beforeAll(async () => {
    sb = await startSandbox();
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
    /** Forgets everything; rate limits (on by default) are switched off unless asked for. */
    async reset(opts: { rateLimits?: boolean } = {}) {
      await fetch(`${url()}/__sandbox/reset`, { method: "POST" });
      if (!opts.rateLimits) {
        await fetch(`${url()}/__sandbox/rate-limits`, { method: "PUT", body: JSON.stringify({ notion: { enabled: false } }) });
      }
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
