import type { EventFields } from "./event-input.ts";

/** A Google account in the sandbox; its primary calendar's id is its email, as on Google. */
export interface GoogleAccount {
  id: string;
  email: string;
  name: string;
}

export interface GoogleCalendar {
  id: string;
  accountId: string;
  summary: string;
  description: string | null;
  timeZone: string;
  primary: boolean;
  /** Events by id, in insertion order (cancelled ones stay). */
  events: Map<string, GoogleEvent>;
  /** Bumped on every event change; sync tokens remember the value they were issued at. */
  changeSeq: number;
  /** Bumped when the sandbox is told to expire sync tokens: older tokens answer 410. */
  syncEpoch: number;
}

export interface GoogleEvent {
  id: string;
  calendarId: string;
  /** What clients set: summary, start, end, status, extendedProperties, ... */
  fields: EventFields;
  iCalUID: string;
  created: Date;
  updated: Date;
  sequence: number;
  /** The calendar's changeSeq when this event last changed. */
  changeSeq: number;
  /** Its position in the calendar's insertion order: the stable tie-breaker for pages. */
  ordinal: number;
}

export interface GoogleAccessToken {
  token: string;
  accountId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  revoked: boolean;
  /** The refresh token it was minted from, if any: revoking that revokes this. */
  refreshToken: string | null;
}

export interface GoogleGrant {
  refreshToken: string;
  accountId: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}

export interface GoogleCode {
  code: string;
  clientId: string;
  redirectUri: string;
  accountId: string;
  scope: string;
  offline: boolean;
  challenge: { value: string; method: "S256" | "plain" } | null;
  expiresAt: number;
  used: boolean;
}

export interface GoogleLimitSettings {
  enabled: boolean;
  /** Per Google account: requests per second on average, and the burst allowed. */
  rate: number;
  burst: number;
  /** What a request over budget gets. */
  error: "rateLimitExceeded" | "userRateLimitExceeded" | "429";
}
