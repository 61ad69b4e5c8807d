import { expect } from "vitest";
import type { FerryApp } from "../../src/api/types.ts";
import { upsertUser } from "../../src/connections/users.ts";
import { API_TOKEN } from "./api.ts";

/** The path and query of a URL, for `app.request`. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/**
 * Clicks through a sandbox consent page the way a browser would: loads it, then submits its form
 * with the page's hidden fields plus the authorize URL's own parameters, a new workspace/account
 * and `decision`. Returns where the sandbox sends the browser (the redirect URI with code or error).
 */
export async function consent(authorizeUrl: string, decision: "allow" | "deny"): Promise<string> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.search);
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      m[1] as string,
      (m[2] as string).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
    );
  }
  form.set("workspace", "new");
  form.set("account", "new");
  form.set("decision", decision);
  const res = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers.get("location") as string;
}

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
