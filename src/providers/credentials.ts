import type { FieldIssue } from "../errors.ts";

/**
 * A provider's OAuth client credentials from two variables: both set (live), neither (the
 * sandbox), or one without the other, which is a mistake named with both variables.
 */
export function credentialPair(
  values: Readonly<Record<string, unknown>>,
  idVar: string,
  secretVar: string,
): { credentials: { clientId: string; clientSecret: string } | null; issues: FieldIssue[] } {
  const clientId = values[idVar];
  const clientSecret = values[secretVar];
  if (typeof clientId === "string" && typeof clientSecret === "string") return { credentials: { clientId, clientSecret }, issues: [] };
  if (clientId === undefined && clientSecret === undefined) return { credentials: null, issues: [] };
  const missing = clientId === undefined ? idVar : secretVar;
  return {
    credentials: null,
    issues: [{ field: missing, message: `set both ${idVar} and ${secretVar}, or neither (the provider then runs in the sandbox)` }],
  };
}

/** Ferry's own callback for a provider, under its public origin. */
export const callbackUrl = (publicUrl: string, providerId: string) => `${publicUrl}/oauth/${providerId}/callback`;
