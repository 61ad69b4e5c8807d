import { z } from "@hono/zod-openapi";
import type { OutboxRow } from "../../sync/calendar/outbox.ts";

/** The calendar outbox's rows as the API shows them. */

export const OutboxRowOut = z
  .object({
    id: z.string(),
    user_id: z.string(),
    workspace_id: z.string(),
    calendar_id: z.string(),
    operation: z.enum(["UPSERT_EVENT", "CANCEL_EVENT", "REBUILD_ALL"]),
    source_type: z.string().nullable(),
    source_id: z.string().nullable(),
    status: z.enum(["PENDING", "PROCESSING", "COMPLETED", "DEAD_LETTER"]),
    attempts: z.number().int(),
    max_attempts: z.number().int().nullable().openapi({ description: "null: CALENDAR_SYNC_MAX_RETRIES" }),
    next_attempt_at: z.string(),
    last_error: z.unknown(),
    result: z.unknown().openapi({ description: "what applying it did: the event id and action, or a rebuild's counts" }),
    dead_letter_reason: z.string().nullable(),
    payload: z.unknown(),
    created_at: z.string(),
    updated_at: z.string(),
    processed_at: z.string().nullable(),
    dead_lettered_at: z.string().nullable(),
  })
  .openapi("CalendarOutboxRow");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const outboxRowJson = (r: OutboxRow): z.infer<typeof OutboxRowOut> => ({
  id: r.id,
  user_id: r.user_id,
  workspace_id: r.workspace_id,
  calendar_id: r.calendar_id,
  operation: r.operation,
  source_type: r.source_type,
  source_id: r.source_id,
  status: r.status,
  attempts: r.attempts,
  max_attempts: r.max_attempts,
  next_attempt_at: r.next_attempt_at.toISOString(),
  last_error: r.last_error ?? null,
  result: r.result ?? null,
  dead_letter_reason: r.dead_letter_reason,
  payload: r.payload,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  processed_at: iso(r.processed_at),
  dead_lettered_at: iso(r.dead_lettered_at),
});

/** Dead letters chosen by id, or all of them. */
export const DeadLetterSelection = z
  .object({
    ids: z
      .array(z.string().regex(/^\d{1,19}$/, "expected an outbox row id"))
      .min(1)
      .max(1000)
      .optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((s) => (s.ids === undefined) !== (s.all === undefined), { message: "give ids, or all: true", path: ["ids"] });
