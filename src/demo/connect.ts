import { type FlowDeps, finishConnect, startConnect } from "../connections/flow.ts";
import { createConnectSession } from "../connections/sessions.ts";
import { FerryError } from "../errors.ts";
import { notionProvider } from "../providers/notion/index.ts";
import { clickConsent } from "../sandbox/consent.ts";

export interface LinkOptions {
  publicUrl: string;
  sessionTtlMs: number;
}

/** A connect link for the user, as `POST /v1/connect-sessions` makes one. */
export async function connectLink(flow: FlowDeps, userId: string, opts: LinkOptions): Promise<string> {
  const { url } = await createConnectSession(
    flow.db,
    { userId, provider: notionProvider.id, returnUrl: null },
    { now: flow.clock.now(), ttlMs: opts.sessionTtlMs, publicUrl: opts.publicUrl },
  );
  return url;
}

/** The value of the cookie a Set-Cookie header sets, as the browser would send it back. */
const cookieValue = (setCookie: string | undefined) => decodeURIComponent(/^[^=]+=([^;]*)/.exec(setCookie ?? "")?.[1] ?? "");

const failed = (step: string, detail: string) =>
  new FerryError("provider_error", `connecting the demo user's Notion failed at ${step}: ${detail}`);

/**
 * Connects the user's Notion through the real OAuth flow, with the browser's part done in code:
 * a connect link, Ferry's start (state cookie, consent URL), the sandbox's consent page (Allow,
 * a new workspace), Ferry's callback with the cookie. Only the built-in sandbox's consent page
 * can be clicked this way. The callback stores the connection and enqueues its first sync.
 */
export async function connectThroughSandbox(flow: FlowDeps, userId: string, opts: LinkOptions): Promise<void> {
  const link = new URL(await connectLink(flow, userId, opts));
  const start = await startConnect(flow, notionProvider.id, link.searchParams.get("session") ?? undefined);
  if (start.kind === "error") throw failed("start", `${start.code}: ${start.message}`);
  if (!start.setCookie) throw failed("start", new URL(start.location).searchParams.get("error") ?? "no state cookie");
  const back = new URL(await clickConsent(start.location, "allow"));
  const q = back.searchParams;
  const done = await finishConnect(
    flow,
    notionProvider.id,
    { code: q.get("code") ?? undefined, state: q.get("state") ?? undefined, error: q.get("error") ?? undefined },
    cookieValue(start.setCookie),
  );
  const outcome = new URL(done.location).searchParams;
  if (outcome.get(notionProvider.id) !== "connected") throw failed("callback", outcome.get("error") ?? "no outcome");
}
