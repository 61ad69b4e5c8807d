import { createHash } from "node:crypto";
import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarEvent } from "./operations.ts";

/** A source in the app: the key of its binding, and of its Google event's id. */
export interface SourceKey {
  workspaceId: string;
  calendarId: string;
  sourceType: string;
  sourceId: string;
}

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/**
 * The Google event id of a source: base32hex (Google's alphabet for client ids: 0-9, a-v) of the
 * first 160 bits of a SHA-256 of the binding key. The same source always gets the same id, so an
 * insert retried after a crash finds its own event (409) instead of creating a second one.
 */
export function eventIdFor(key: SourceKey): string {
  const digest = createHash("sha256")
    .update(["ferry-calendar", key.workspaceId, key.calendarId, key.sourceType, key.sourceId].join("\u0000"))
    .digest();
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of digest.subarray(0, 20)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** Private extended properties that mark Ferry's events: REBUILD_ALL finds them, and touches nothing else. */
export const TAG = { ferry: "ferry", workspace: "ferryWorkspace", source: "ferrySource", type: "ferryEventType" } as const;

/** The Google event (a full resource, for insert and update) for a source's event. */
export function googleEvent(key: SourceKey, eventType: string | null, e: CalendarEvent): calendar_v3.Schema$Event {
  const time = (v: string): calendar_v3.Schema$EventDateTime =>
    e.isAllDay ? { date: v } : { dateTime: v, ...(e.timeZone ? { timeZone: e.timeZone } : {}) };
  return {
    summary: e.title,
    description: e.description ?? null,
    start: time(e.start),
    end: time(e.end),
    status: "confirmed",
    extendedProperties: {
      private: {
        [TAG.ferry]: "1",
        [TAG.workspace]: key.workspaceId,
        [TAG.source]: `${key.sourceType}:${key.sourceId}`,
        ...(eventType ? { [TAG.type]: eventType } : {}),
      },
    },
  };
}
