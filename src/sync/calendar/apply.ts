import type { calendar_v3 } from "@googleapis/calendar";
import type { Queryable } from "../../db/types.ts";
import { providerStatus } from "../../providers/errors.ts";
import { eventIdFor, googleEvent, type SourceKey, TAG } from "./google-event.ts";
import type { CancelEvent, Operation, RebuildAll, UpsertEvent } from "./operations.ts";
import { activeBindings, getBinding, saveBinding } from "./sql/bindings.ts";

/** What applying one outbox operation did, kept on its row (`result`). */
export type ApplyResult =
  | { event_id: string; action: "created" | "updated" }
  | { event_id: string; action: "cancelled" | "already_gone" }
  | { action: "rebuilt"; cancelled: number; recreated: number };

export interface ApplyContext {
  db: Queryable;
  cal: calendar_v3.Calendar;
  userId: string;
  outboxId: string;
  now: () => Date;
}

/** An answer a caller asked to handle itself (a 404, 409 or 410 it expects). */
class Expected {
  constructor(readonly status: number) {}
}

/**
 * Runs a Calendar call. The client has already turned Google's answer into Ferry's error (retry,
 * refresh, or give up); the statuses `keep` lists come back as `Expected` instead, for the caller.
 */
async function call<T>(fn: () => Promise<T>, keep: readonly number[] = []): Promise<T | Expected> {
  try {
    return await fn();
  } catch (err) {
    const status = providerStatus(err);
    if (status !== null && keep.includes(status)) return new Expected(status);
    throw err;
  }
}

const failed = (x: unknown): x is Expected => x instanceof Expected;

/**
 * Writes a source's event under its id: an update (PUT, which also restores a cancelled event),
 * or an insert with the id when Google has none; an insert that finds the id taken (409: a
 * retried insert that had landed) updates instead. Never two events for one source.
 */
async function putEvent(cal: calendar_v3.Calendar, calendarId: string, eventId: string, body: calendar_v3.Schema$Event, known: boolean) {
  if (known) {
    const updated = await call(() => cal.events.update({ calendarId, eventId, requestBody: body }), [404]);
    if (!failed(updated)) return "updated" as const;
  }
  const inserted = await call(() => cal.events.insert({ calendarId, requestBody: { ...body, id: eventId } }), [409]);
  if (!failed(inserted)) return "created" as const;
  await call(() => cal.events.update({ calendarId, eventId, requestBody: body }));
  return "updated" as const;
}

const keyOf = (op: UpsertEvent | CancelEvent): SourceKey => ({
  workspaceId: op.workspaceId,
  calendarId: op.calendarId,
  sourceType: op.sourceType,
  sourceId: op.sourceId,
});

async function upsert(ctx: ApplyContext, op: UpsertEvent): Promise<ApplyResult> {
  const key = keyOf(op);
  const binding = await getBinding(ctx.db, key);
  const eventId = binding?.eventId ?? eventIdFor(key);
  const action = await putEvent(ctx.cal, op.calendarId, eventId, googleEvent(key, op.eventType, op.event), binding !== null);
  await saveBinding(ctx.db, {
    key,
    userId: ctx.userId,
    eventId,
    state: "active",
    eventType: op.eventType,
    event: op.event,
    outboxId: ctx.outboxId,
    now: ctx.now(),
  });
  return { event_id: eventId, action };
}

/** Cancels (deletes) the source's event; one already deleted (410) or never made (404) is done too. */
async function cancel(ctx: ApplyContext, op: CancelEvent): Promise<ApplyResult> {
  const key = keyOf(op);
  const binding = await getBinding(ctx.db, key);
  const eventId = binding?.eventId ?? eventIdFor(key);
  const res = await call(() => ctx.cal.events.delete({ calendarId: op.calendarId, eventId }), [404, 410]);
  if (binding) await saveBinding(ctx.db, { key, userId: ctx.userId, eventId, state: "cancelled", outboxId: ctx.outboxId, now: ctx.now() });
  return { event_id: eventId, action: failed(res) ? "already_gone" : "cancelled" };
}

/** Ferry's events for the workspace on the calendar (tagged by it), cancelled ones left out. */
async function ferryEvents(cal: calendar_v3.Calendar, op: RebuildAll): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const res = await call(
      (): Promise<{ data: calendar_v3.Schema$Events }> =>
        cal.events.list({
          calendarId: op.calendarId,
          privateExtendedProperty: [`${TAG.ferry}=1`, `${TAG.workspace}=${op.workspaceId}`],
          maxResults: 250,
          ...(pageToken ? { pageToken } : {}),
        }),
    );
    if (failed(res)) break;
    for (const e of res.data.items ?? []) if (e.id && e.status !== "cancelled") ids.push(e.id);
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  return ids;
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Seed 002's REBUILD_ALL, with its recreation phase: cancels every event Ferry made for the
 * workspace on the calendar (found by its private tag: events Ferry did not make are never
 * touched), then recreates each active binding's event from the event last applied. The events
 * keep their ids (a cancelled event is restored by an update), so running it twice changes nothing more.
 */
async function rebuild(ctx: ApplyContext, op: RebuildAll): Promise<ApplyResult> {
  const existing = await ferryEvents(ctx.cal, op);
  await inParallel(existing, 4, async (eventId) => {
    await call(() => ctx.cal.events.delete({ calendarId: op.calendarId, eventId }), [404, 410]);
  });
  const bindings = await activeBindings(ctx.db, op.workspaceId, op.calendarId);
  await inParallel(bindings, 4, async (b) => {
    if (!b.event) return;
    await putEvent(ctx.cal, op.calendarId, b.eventId, googleEvent(b.key, b.eventType, b.event), true);
  });
  return { action: "rebuilt", cancelled: existing.length, recreated: bindings.length };
}

/** Applies one operation to Google Calendar and records it in the bindings. Throws Ferry's errors, as the client classified them. */
export function applyOperation(ctx: ApplyContext, op: Operation): Promise<ApplyResult> {
  switch (op.operation) {
    case "UPSERT_EVENT":
      return upsert(ctx, op);
    case "CANCEL_EVENT":
      return cancel(ctx, op);
    case "REBUILD_ALL":
      return rebuild(ctx, op);
  }
}
