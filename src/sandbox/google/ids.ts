import { randomBytes, randomInt } from "node:crypto";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** Client-supplied event ids: base32hex characters (a-v, 0-9), 5 to 1024 of them. */
export const EVENT_ID = /^[a-v0-9]{5,1024}$/;

/** A new event id, 26 base32hex characters like the ones Google makes. */
export function newEventId(): string {
  return [...randomBytes(26)].map((b) => BASE32HEX[b % 32]).join("");
}

/** A Google account id: 21 digits. */
export function newAccountId(): string {
  return `1${Array.from({ length: 20 }, () => randomInt(10)).join("")}`;
}

/** An opaque secret with Google's prefixes: `ya29.` access tokens, `1//` refresh tokens, `4/` codes. */
export const secret = (prefix: string) => `${prefix}${randomBytes(30).toString("base64url")}`;
