import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison of two secrets. Both sides are hashed first, so neither the content
 * nor the length of the expected secret leaks through timing.
 */
export function safeEqual(given: string | undefined | null, expected: string): boolean {
  const a = createHash("sha256")
    .update(given ?? "")
    .digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given !== undefined && given !== null;
}

/** Reads a bearer token from an Authorization header value. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim();
}
