/**
 * Clicks through one of the sandbox's consent pages (Notion's or Google's) in code, the way a
 * browser would: loads the page, then submits its form with the page's hidden fields plus the
 * authorize URL's own parameters, a new workspace or account, and `decision`. Returns where the
 * sandbox sends the browser: the redirect URI with a code, or with an error. The demo uses it to
 * connect its user through the real OAuth flow; the tests use it too.
 */
export async function clickConsent(authorizeUrl: string, decision: "allow" | "deny", fetchFn: typeof fetch = fetch): Promise<string> {
  // A GET may be retried: a kept-alive socket the sandbox just closed fails once with ECONNRESET.
  const page = await fetchFn(authorizeUrl).catch(() => fetchFn(authorizeUrl));
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 200)}`);
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
  const res = await fetchFn(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`the consent form answered ${res.status} instead of a redirect`);
  return location;
}
