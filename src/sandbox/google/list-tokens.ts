import type { GoogleCalendar } from "./types.ts";

/** Where a listing continues: after sort key `k` (with ordinal `o`), for the snapshot `s`, of changes since `y` (null: a full listing). */
export interface PageCursor {
  k: number;
  o: number;
  s: number;
  y: number | null;
}

interface SyncCursor {
  c: string;
  s: number;
  e: number;
}

const encode = (x: unknown) => Buffer.from(JSON.stringify(x)).toString("base64url");

function decode(token: string): Record<string, unknown> | null {
  try {
    const x = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

export const pageToken = (p: PageCursor) => encode(p);

export function readPageToken(token: string): PageCursor | null {
  const x = decode(token);
  return x && isNum(x.k) && isNum(x.o) && isNum(x.s) && (x.y === null || isNum(x.y)) ? (x as unknown as PageCursor) : null;
}

/** A sync token remembers the calendar, its change counter and its sync epoch. */
export const syncToken = (cal: GoogleCalendar, seq: number) => encode({ c: cal.id, s: seq, e: cal.syncEpoch } satisfies SyncCursor);

/** The change counter a sync token was issued at, or null when it is malformed, foreign or expired. */
export function readSyncToken(cal: GoogleCalendar, token: string): number | null {
  const x = decode(token);
  if (!x || x.c !== cal.id || !isNum(x.s) || x.e !== cal.syncEpoch || x.s > cal.changeSeq) return null;
  return x.s;
}
