import { serve } from "@hono/node-server";
import type { Clock } from "../clock.ts";
import { buildSandbox, type Sandbox } from "./app.ts";

export interface RunningSandbox extends Sandbox {
  /** e.g. `http://127.0.0.1:54321`: the Notion client's baseUrl, Google's rootUrl. */
  url: string;
  close(): Promise<void>;
}

/** Serves the sandbox on `port` (0 picks a free one) and hands back its URL. */
export async function startSandbox(opts: { port?: number; host?: string; clock?: Clock } = {}): Promise<RunningSandbox> {
  const sandbox = buildSandbox({ clock: opts.clock });
  const host = opts.host ?? "127.0.0.1";
  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: sandbox.app.fetch, hostname: host, port: opts.port ?? 0 }, (info) => resolve(info.port));
    server.once("error", reject);
  });
  return {
    ...sandbox,
    url: `http://${host}:${port}`,
    // Drop open connections too (a hung fault would otherwise hold close() until it ends).
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
