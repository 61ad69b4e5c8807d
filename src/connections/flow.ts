import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/types.ts";
import type { Logger } from "../logger.ts";
import { OAuthProviderError } from "../providers/errors.ts";
import type { Provider, ProviderId } from "../providers/types.ts";
import type { Queue } from "../queue/queue.ts";
import { safeEqual } from "../secrets.ts";
import { allowedReturnUrl, withOutcome } from "./return-url.ts";
import { beginSession, claimSession, recordOutcome } from "./sessions.ts";
import { openState, type StatePayload, sealState } from "./state-cookie.ts";
import { saveConnection, type TokenCipher } from "./store.ts";
import { isEntitled } from "./users.ts";

export interface FlowDeps {
  db: Db;
  cipher: TokenCipher;
  providers: ReadonlyMap<ProviderId, Provider>;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  cookieKey: Buffer;
  /** Where the browser returns when the session names no return URL. */
  defaultReturnUrl: string;
  returnOrigins: readonly string[];
  /** Cookies get `Secure` when Ferry is served over https. */
  secureCookies: boolean;
}

/** How long the state cookie lives: long enough for a consent page, short enough to be useless later. */
export const STATE_TTL_MS = 10 * 60_000;

export const cookieName = (provider: ProviderId) => `ferry_oauth_${provider}`;

/** What the HTTP layer should answer: a redirect (with cookies to set) or an error page. */
export type FlowAnswer =
  | { kind: "redirect"; location: string; setCookie?: string }
  | { kind: "error"; status: 400 | 404; code: string; message: string };

function cookie(deps: FlowDeps, provider: ProviderId, value: string, maxAgeSeconds: number): string {
  const secure = deps.secureCookies ? "; Secure" : "";
  return `${cookieName(provider)}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

const b64url = (n: number) => randomBytes(n).toString("base64url");

/**
 * GET /oauth/:provider/start?session=…: the link must be valid, unused and unexpired, and the
 * user entitled; then the sealed state cookie is set and the browser goes to the consent page.
 */
export async function startConnect(deps: FlowDeps, providerId: ProviderId, token: string | undefined): Promise<FlowAnswer> {
  const provider = deps.providers.get(providerId);
  if (!provider) return { kind: "error", status: 404, code: "not_found", message: `unknown provider ${providerId}` };
  if (!token) return { kind: "error", status: 400, code: "invalid_session", message: "the connect link has no session" };
  const now = deps.clock.now();
  const session = await beginSession(deps.db, token, providerId, now);
  if (typeof session === "string")
    return {
      kind: "error",
      status: 400,
      code: session,
      message: `this connect link cannot be used (${session}); ask the app for a new one`,
    };
  const back = allowedReturnUrl(session.returnUrl ?? deps.defaultReturnUrl, deps.returnOrigins) ?? deps.defaultReturnUrl;
  if (!(await isEntitled(deps.db, session.userId, provider.entitlement))) {
    await recordOutcome(deps.db, session.id, "not_entitled");
    return { kind: "redirect", location: withOutcome(back, { error: "not_entitled" }) };
  }
  const codeVerifier = provider.oauth.usesPkce ? b64url(48) : null;
  const payload: StatePayload = {
    v: 1,
    nonce: b64url(32),
    sessionId: session.id,
    userId: session.userId,
    provider: providerId,
    codeVerifier,
    exp: now.getTime() + STATE_TTL_MS,
  };
  const codeChallenge = codeVerifier ? createHash("sha256").update(codeVerifier).digest("base64url") : undefined;
  return {
    kind: "redirect",
    location: provider.oauth.authorizeUrl({ state: payload.nonce, redirectUri: provider.redirectUri, codeChallenge }),
    setCookie: cookie(deps, providerId, sealState(deps.cookieKey, payload), STATE_TTL_MS / 1000),
  };
}

/** OAuth error codes a provider may send back that are safe to pass on to the app. */
const PASSED_ON = new Set(["access_denied", "invalid_scope", "temporarily_unavailable", "server_error"]);

/**
 * GET /oauth/:provider/callback: state checked against the cookie (constant time, expiry,
 * single use, same user), entitlement checked again, code exchanged, tokens stored encrypted,
 * the first sync enqueued in the same transaction, and the browser sent back. Nothing is
 * stored on any failure.
 */
export async function finishConnect(
  deps: FlowDeps,
  providerId: ProviderId,
  query: { code?: string; state?: string; error?: string },
  sealed: string | undefined,
): Promise<FlowAnswer & { kind: "redirect" }> {
  const clear = cookie(deps, providerId, "", 0);
  const fallback = deps.defaultReturnUrl;
  const fail = (to: string, code: string) => ({ kind: "redirect" as const, location: withOutcome(to, { error: code }), setCookie: clear });
  const provider = deps.providers.get(providerId);
  const now = deps.clock.now();
  const state = openState(deps.cookieKey, sealed);
  if (!provider || !state || state.provider !== providerId || state.exp <= now.getTime() || !safeEqual(query.state, state.nonce)) {
    return fail(fallback, "invalid_state");
  }
  const session = await claimSession(deps.db, state.sessionId, now);
  if (!session || session.userId !== state.userId || session.provider !== providerId) return fail(fallback, "invalid_state");
  const back = allowedReturnUrl(session.returnUrl ?? fallback, deps.returnOrigins) ?? fallback;
  const finish = async (code: string) => {
    await recordOutcome(deps.db, session.id, code);
    return fail(back, code);
  };
  if (query.error) return finish(PASSED_ON.has(query.error) ? query.error : "oauth_error");
  if (!query.code) return finish("missing_code");
  if (!(await isEntitled(deps.db, session.userId, provider.entitlement))) return finish("not_entitled");
  let account: Awaited<ReturnType<Provider["oauth"]["exchangeCode"]>>;
  try {
    account = await provider.oauth.exchangeCode({
      code: query.code,
      redirectUri: provider.redirectUri,
      codeVerifier: state.codeVerifier ?? undefined,
    });
  } catch (err) {
    deps.logger.warn(
      { provider: providerId, sessionId: session.id, err: err instanceof OAuthProviderError ? err.message : "exchange failed" },
      "OAuth code exchange failed",
    );
    return finish("oauth_exchange_failed");
  }
  const saved = await deps.db.transaction(async (tx) => {
    const result = await saveConnection(tx, deps.cipher, { userId: session.userId, provider: providerId, account, now });
    const payload = { connection_id: result.connection.id, user_id: session.userId };
    await deps.queue.enqueue(provider.firstJob, payload, { dedupeKey: `${provider.firstJob}:${result.connection.id}` }, tx);
    return result;
  });
  await recordOutcome(deps.db, session.id, "connected");
  deps.logger.info({ provider: providerId, connectionId: saved.connection.id, created: saved.created }, "connection stored");
  return { kind: "redirect", location: withOutcome(back, { [providerId]: "connected" }), setCookie: clear };
}
