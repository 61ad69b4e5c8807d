/**
 * A user connected to any provider through its real OAuth flow against the sandbox: the
 * provider's consent page clicked in code, the code exchanged by the provider's own OAuth client
 * (with PKCE where it uses it), the tokens (a refresh token included) sealed into the vault.
 * What the provider contract suite and the pull bug's test start from. No vitest imports.
 */
import { createHash, randomBytes } from "node:crypto";
import { saveConnection } from "../../src/connections/store.ts";
import { upsertUser } from "../../src/connections/users.ts";
import type { Provider } from "../../src/providers/types.ts";
import { clickConsent } from "../../src/sandbox/consent.ts";
import type { SyncDeps } from "../../src/sync/session.ts";

export interface OAuthUser {
  userId: string;
  connectionId: string;
  /** The provider-side account (a Notion workspace, a Google account). */
  externalId: string;
  accessToken: string;
}

export async function oauthUser(deps: SyncDeps, provider: Provider, userId: string): Promise<OAuthUser> {
  await upsertUser(deps.db, { id: userId, entitlements: [provider.entitlement], tier: "free", metadata: {} });
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const url = provider.oauth.authorizeUrl({
    state: randomBytes(8).toString("hex"),
    redirectUri: provider.redirectUri,
    ...(provider.oauth.usesPkce ? { codeChallenge: challenge } : {}),
  });
  const back = new URL(await clickConsent(url, "allow"));
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`the consent page sent no code: ${back.search}`);
  const account = await provider.oauth.exchangeCode({
    code,
    redirectUri: provider.redirectUri,
    ...(provider.oauth.usesPkce ? { codeVerifier: verifier } : {}),
  });
  const { connection } = await deps.db.transaction((tx) =>
    saveConnection(tx, deps.cipher, { userId, provider: provider.id, account, now: deps.clock.now() }),
  );
  return { userId, connectionId: connection.id, externalId: account.externalId, accessToken: account.tokens.accessToken };
}
