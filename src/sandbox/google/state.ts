import { randomBytes } from "node:crypto";
import type { Clock } from "../../clock.ts";
import { TokenBuckets } from "../core/buckets.ts";
import type { OAuthClient, OAuthClients } from "../core/oauth-clients.ts";
import { newAccountId, secret } from "./ids.ts";
import type { GoogleAccessToken, GoogleAccount, GoogleCalendar, GoogleCode, GoogleGrant, GoogleLimitSettings } from "./types.ts";

/** The client every fresh sandbox knows, so the demo works without setup. */
export const DEFAULT_GOOGLE_CLIENT: OAuthClient = {
  clientId: "ferry-sandbox-google-client",
  clientSecret: "ferry-sandbox-google-secret",
  redirectUris: ["http://127.0.0.1:3000/oauth/google/callback", "http://localhost:3000/oauth/google/callback"],
  name: "Ferry (sandbox)",
};

export const FULL_SCOPE = "https://www.googleapis.com/auth/calendar";

/** Google's access tokens live an hour, less a second. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;

/** About Google's default per-user quota (600 requests a minute), with room for bursts. */
export const DEFAULT_GOOGLE_LIMITS: GoogleLimitSettings = { enabled: true, rate: 10, burst: 50, error: "rateLimitExceeded" };

/** The Google side of the sandbox: accounts, calendars and events, and the OAuth server's grants. */
export class GoogleState {
  accounts = new Map<string, GoogleAccount>();
  /** Calendars by id; a primary calendar's id is its account's email. */
  calendars = new Map<string, GoogleCalendar>();
  accessTokens = new Map<string, GoogleAccessToken>();
  grants = new Map<string, GoogleGrant>();
  codes = new Map<string, GoogleCode>();
  oauthClients: OAuthClients = new Map();
  tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS;
  limits: GoogleLimitSettings = { ...DEFAULT_GOOGLE_LIMITS };
  readonly buckets: TokenBuckets;

  constructor(readonly clock: Clock) {
    this.buckets = new TokenBuckets(clock);
    this.reset();
  }

  reset(): void {
    this.accounts.clear();
    this.calendars.clear();
    this.accessTokens.clear();
    this.grants.clear();
    this.codes.clear();
    this.oauthClients = new Map([[DEFAULT_GOOGLE_CLIENT.clientId, { ...DEFAULT_GOOGLE_CLIENT }]]);
    this.tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS;
    this.limits = { ...DEFAULT_GOOGLE_LIMITS };
    this.buckets.reset();
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** A new account with its primary calendar. */
  createAccount(opts: { email?: string; name?: string } = {}): GoogleAccount {
    const n = this.accounts.size + 1;
    const account: GoogleAccount = {
      id: newAccountId(),
      email: opts.email ?? `user${n}@sandbox.test`,
      name: opts.name ?? `Sandbox User ${n}`,
    };
    this.accounts.set(account.id, account);
    this.createCalendar(account.id, { id: account.email, summary: account.email, primary: true });
    return account;
  }

  createCalendar(
    accountId: string,
    opts: { id?: string; summary: string; description?: string; timeZone?: string; primary?: boolean },
  ): GoogleCalendar {
    const cal: GoogleCalendar = {
      id: opts.id ?? `c_${randomBytes(16).toString("hex")}@group.calendar.google.com`,
      accountId,
      summary: opts.summary,
      description: opts.description ?? null,
      timeZone: opts.timeZone ?? "UTC",
      primary: opts.primary ?? false,
      events: new Map(),
      changeSeq: 0,
      syncEpoch: 0,
    };
    this.calendars.set(cal.id, cal);
    return cal;
  }

  /** The calendar `id` names for this account (`primary` is its primary calendar), if it may see it. */
  calendarOf(accountId: string, id: string): GoogleCalendar | undefined {
    const account = this.accounts.get(accountId);
    const cal = this.calendars.get(id === "primary" && account ? account.email : id);
    return cal?.accountId === accountId ? cal : undefined;
  }

  primaryCalendar(accountId: string): GoogleCalendar | undefined {
    return this.calendarOf(accountId, "primary");
  }

  /** A refresh token and a first access token for an account, as after a consent. */
  mintGrant(accountId: string, clientId: string, scope: string): { grant: GoogleGrant; access: GoogleAccessToken } {
    const grant: GoogleGrant = { refreshToken: secret("1//"), accountId, clientId, scope, revoked: false };
    this.grants.set(grant.refreshToken, grant);
    return { grant, access: this.mintAccess(accountId, clientId, scope, grant.refreshToken) };
  }

  mintAccess(accountId: string, clientId: string, scope: string, refreshToken: string | null): GoogleAccessToken {
    const access: GoogleAccessToken = {
      token: secret("ya29."),
      accountId,
      clientId,
      scope,
      expiresAt: this.now() + this.tokenLifetimeSeconds * 1000,
      revoked: false,
      refreshToken,
    };
    this.accessTokens.set(access.token, access);
    return access;
  }

  /** The access token if it is known, unrevoked and unexpired. */
  liveAccess(token: string | undefined): GoogleAccessToken | undefined {
    const access = token ? this.accessTokens.get(token) : undefined;
    return access && !access.revoked && access.expiresAt > this.now() ? access : undefined;
  }

  /** Revokes a token and the grant it belongs to, as Google does for either kind. False when unknown or already revoked. */
  revoke(token: string): boolean {
    const access = this.accessTokens.get(token);
    const grant = this.grants.get(access?.refreshToken ?? token);
    if (access && !access.revoked) {
      access.revoked = true;
    } else if (!grant || grant.revoked) {
      return false;
    }
    if (grant) {
      grant.revoked = true;
      for (const a of this.accessTokens.values()) if (a.refreshToken === grant.refreshToken) a.revoked = true;
    }
    return true;
  }
}
