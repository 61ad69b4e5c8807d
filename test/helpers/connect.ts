import type { FerryApp } from "../../src/api/types.ts";
import { upsertUser } from "../../src/connections/users.ts";
import { clickConsent } from "../../src/sandbox/consent.ts";
import { API_TOKEN } from "./api.ts";

/** The path and query of a URL, for `app.request`. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Clicks through a sandbox consent page like a browser (see src/sandbox/consent.ts); returns where it sends the browser. */
export const consent = (authorizeUrl: string, decision: "allow" | "deny") => clickConsent(authorizeUrl, decision);

/** A cookie jar of one: the `name=value` part of a Set-Cookie header. */
export const cookieFrom = (setCookie: string | null) => (setCookie ?? "").split(";")[0] ?? "";

/** JSON calls to the app's /v1 API with the test token. */
export function v1(app: FerryApp) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: Record<string, unknown>; error?: { code: string; message: string } },
    };
  };
}

export { upsertUser };
