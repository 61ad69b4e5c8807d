import { serve } from "@hono/node-server";
import { buildSandbox, type Sandbox, type SandboxOptions } from "./app.ts";

export interface RunningSandbox extends Sandbox {
  /** e.g. `http://127.0.0.1:54321`: the Notion client's baseUrl, Google's rootUrl. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions extends SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** Serves the sandbox of `modules` on `port` and hands back its URL. */
export async function startSandbox(opts: StartOptions): Promise<RunningSandbox> {
  const sandbox = buildSandbox(opts);
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
