import type { Queryable } from "../../../db/types.ts";
import type { SourceKey } from "../google-event.ts";
import type { CalendarEvent } from "../operations.ts";

/** `calendar_event_bindings`: each source's Google event, its state and the event as last applied. */

export interface Binding {
  key: SourceKey;
  userId: string;
  eventId: string;
  state: "active" | "cancelled";
  eventType: string | null;
  event: CalendarEvent | null;
  lastOutboxId: string | null;
}

interface BindingRow {
  workspace_id: string;
  calendar_id: string;
  source_type: string;
  source_id: string;
  user_id: string;
  event_id: string;
  state: "active" | "cancelled";
  event_type: string | null;
  event: CalendarEvent | null;
  last_outbox_id: string | null;
}

const toBinding = (r: BindingRow): Binding => ({
  key: { workspaceId: r.workspace_id, calendarId: r.calendar_id, sourceType: r.source_type, sourceId: r.source_id },
  userId: r.user_id,
  eventId: r.event_id,
  state: r.state,
  eventType: r.event_type,
  event: r.event,
  lastOutboxId: r.last_outbox_id === null ? null : String(r.last_outbox_id),
});

export async function getBinding(db: Queryable, k: SourceKey): Promise<Binding | null> {
  const { rows } = await db.query<BindingRow>(
    "SELECT * FROM calendar_event_bindings WHERE workspace_id = $1 AND calendar_id = $2 AND source_type = $3 AND source_id = $4",
    [k.workspaceId, k.calendarId, k.sourceType, k.sourceId],
  );
  return rows[0] ? toBinding(rows[0]) : null;
}

/** Records what an operation applied: the event's id, its state, and (for an upsert) the event. */
export async function saveBinding(
  db: Queryable,
  b: {
    key: SourceKey;
    userId: string;
    eventId: string;
    state: "active" | "cancelled";
    eventType?: string | null;
    event?: CalendarEvent | null;
    outboxId: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_event_bindings (workspace_id, calendar_id, source_type, source_id, user_id, event_id, state, event_type, event, last_outbox_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (workspace_id, calendar_id, source_type, source_id) DO UPDATE SET
       user_id = EXCLUDED.user_id, event_id = EXCLUDED.event_id, state = EXCLUDED.state,
       event_type = coalesce(EXCLUDED.event_type, calendar_event_bindings.event_type),
       event = coalesce(EXCLUDED.event, calendar_event_bindings.event),
       last_outbox_id = EXCLUDED.last_outbox_id, updated_at = EXCLUDED.updated_at`,
    [
      b.key.workspaceId,
      b.key.calendarId,
      b.key.sourceType,
      b.key.sourceId,
      b.userId,
      b.eventId,
      b.state,
      b.eventType ?? null,
      b.event ? JSON.stringify(b.event) : null,
      b.outboxId,
      b.now,
    ],
  );
}

/** The calendar's active bindings (with an event to recreate), in source order. */
export async function activeBindings(db: Queryable, workspaceId: string, calendarId: string): Promise<Binding[]> {
  const { rows } = await db.query<BindingRow>(
    `SELECT * FROM calendar_event_bindings WHERE workspace_id = $1 AND calendar_id = $2 AND state = 'active' AND event IS NOT NULL
      ORDER BY source_type, source_id`,
    [workspaceId, calendarId],
  );
  return rows.map(toBinding);
}
