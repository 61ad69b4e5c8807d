/**
 * Return URLs: the browser only ever goes back to an allow-listed origin (FRONTEND_URL and
 * RETURN_URL_ALLOWLIST), never to a URL taken from a request unchecked.
 */

/** The URL when it is http(s) and its origin is allowed; else null. */
export function allowedReturnUrl(raw: string, origins: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return origins.includes(url.origin) ? url.toString() : null;
}

/** The return URL with the outcome added to its query (`?notion=connected` or `?error=invalid_state`). */
export function withOutcome(returnUrl: string, params: Record<string, string>): string {
  const url = new URL(returnUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
