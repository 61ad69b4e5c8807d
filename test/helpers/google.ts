import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { beforeEach, expect } from "vitest";
import { type MintedGoogle, useSandbox } from "./sandbox.ts";

export const DEFAULT_CLIENT = {
  clientId: "ferry-sandbox-google-client",
  clientSecret: "ferry-sandbox-google-secret",
  redirectUri: "http://127.0.0.1:3000/oauth/google/callback",
};

/** google-auth-library's OAuth2Client pointed at the sandbox's OAuth server. */
export function oauthClient(url: string, client: { clientId: string; clientSecret: string; redirectUri: string } = DEFAULT_CLIENT) {
  return new OAuth2Client({
    ...client,
    endpoints: {
      oauth2AuthBaseUrl: `${url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${url}/token`,
      oauth2RevokeUrl: `${url}/revoke`,
      tokenInfoUrl: `${url}/tokeninfo`,
    },
  });
}

/** The official Calendar client on the sandbox, its own retries off so every answer is seen. */
export function calendarClient(url: string, auth: OAuth2Client): calendar_v3.Calendar {
  // googleapis-common pins its own copy of google-auth-library; the client is the same at runtime.
  return calendar({ version: "v3", auth: auth as unknown as calendar_v3.Options["auth"], rootUrl: `${url}/`, retry: false });
}

/** A Calendar client authorised by a token pair (no expiry date known, as when loaded from storage). */
export function calendarFor(url: string, tokens: { access_token: string; refresh_token?: string }) {
  const auth = oauthClient(url);
  auth.setCredentials(tokens);
  return { auth, cal: calendarClient(url, auth) };
}

/** What a GaxiosError for a Google API error looks like: status plus the first error's reason. */
export const googleFailure = (status: number, reason: string) =>
  expect.objectContaining({
    status,
    response: expect.objectContaining({
      data: { error: expect.objectContaining({ code: status, errors: [expect.objectContaining({ reason })] }) },
    }),
  });

/** What a GaxiosError from the token or revoke endpoint looks like. */
export const oauthFailure = (status: number, error: string, description?: string) =>
  expect.objectContaining({
    status,
    response: expect.objectContaining({
      data: description ? { error, error_description: description } : expect.objectContaining({ error }),
    }),
  });

export const hour = (h: number, day = 10) => ({ dateTime: `2026-03-${String(day).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z` });

/** A sandbox plus, before each test, a reset and a fresh Google account with an official Calendar client. */
export function useGoogle(mint: Record<string, string> = {}) {
  const sb = useSandbox();
  let minted: MintedGoogle | undefined;
  let cal: calendar_v3.Calendar | undefined;
  beforeEach(async () => {
    await sb.reset();
    minted = await sb.mintGoogle(mint);
    cal = calendarFor(sb.url, minted).cal;
  });
  const ready = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error("no Google account before the first test");
    return x;
  };
  return {
    sb,
    get minted() {
      return ready(minted);
    },
    get cal() {
      return ready(cal);
    },
  };
}
