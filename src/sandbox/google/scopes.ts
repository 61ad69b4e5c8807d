const AUTH = "https://www.googleapis.com/auth/";

/** The scopes the sandbox grants: Calendar's and the sign-in ones. */
export const KNOWN_SCOPES = new Set([
  `${AUTH}calendar`,
  `${AUTH}calendar.events`,
  `${AUTH}calendar.readonly`,
  `${AUTH}calendar.events.readonly`,
  `${AUTH}userinfo.email`,
  `${AUTH}userinfo.profile`,
  "openid",
  "email",
  "profile",
]);

const WRITE = new Set([`${AUTH}calendar`, `${AUTH}calendar.events`]);
const READ = new Set([...WRITE, `${AUTH}calendar.readonly`, `${AUTH}calendar.events.readonly`]);

/** Splits a space-separated scope parameter; null when it names a scope the sandbox does not know. */
export function parseScopes(raw: string): string[] | null {
  const scopes = [...new Set(raw.split(/\s+/).filter(Boolean))];
  return scopes.every((s) => KNOWN_SCOPES.has(s)) ? scopes : null;
}

/** Whether a granted scope string allows reading (GET) or writing calendar data. */
export function scopeAllows(scope: string, write: boolean): boolean {
  const allowed = write ? WRITE : READ;
  return scope.split(" ").some((s) => allowed.has(s));
}
