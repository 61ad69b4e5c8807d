import type { Command } from "commander";
import { ValidationError } from "../../errors.ts";
import { applierOf, parseOperation } from "../../sync/calendar/operations.ts";
import {
  cleanupOutbox,
  discardDeadLetters,
  enqueueOperations,
  listDeadLetters,
  type OutboxRow,
  outboxStats,
  replayDeadLetters,
} from "../../sync/calendar/outbox.ts";
import { type CliContext, int, withServices } from "../context.ts";

/** Row ids given, or --all; never both, never neither. */
function selection(ids: string[], all: boolean | undefined): string[] | null {
  if (ids.length > 0 && all)
    throw new ValidationError("give row ids or --all, not both", [{ field: "--all", message: "conflicts with row ids" }]);
  if (ids.length === 0 && !all)
    throw new ValidationError("give row ids, or --all for every dead letter", [{ field: "id", message: "required" }]);
  for (const id of ids)
    if (!/^\d{1,19}$/.test(id))
      throw new ValidationError(`row id ${JSON.stringify(id)} is not a number`, [{ field: "id", message: "expected a numeric row id" }]);
  return all ? null : ids;
}

const line = (r: OutboxRow) =>
  [
    r.id.padStart(8),
    r.operation.padEnd(12),
    `${r.source_type ?? "-"}:${r.source_id ?? "-"}`.padEnd(24),
    r.user_id.padEnd(16),
    String(r.attempts).padStart(2),
    (r.dead_letter_reason ?? "").padEnd(20),
    (r.last_error as { message?: string } | null)?.message ?? "",
  ].join("  ");

export function registerCalendar(program: Command, ctx: CliContext): void {
  const cal = program.command("calendar").description("the calendar outbox: counts, dead letters, clean-up");

  cal
    .command("stats")
    .description("outbox rows per status, rows due and the oldest's age, rows waiting for a Google connection")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      withServices(ctx, async (s) => {
        const st = await outboxStats(s.db, s.clock.now());
        if (opts.json) return ctx.out(JSON.stringify(st, null, 2));
        for (const [k, v] of Object.entries(st.by_status)) ctx.out(`${k.padEnd(12)} ${v}`);
        ctx.out(`due now      ${st.due} (oldest ${st.oldest_due_seconds.toFixed(1)} s)`);
        ctx.out(`waiting for a Google connection: ${st.waiting_for_connection}`);
      }),
    );

  cal
    .command("dead-letters")
    .description("dead-lettered rows, newest first")
    .option("--limit <n>", "how many", int("--limit", 1), 50)
    .option("--user <id>", "only this user's")
    .option("--json", "print JSON")
    .action((opts: { limit: number; user?: string; json?: boolean }) =>
      withServices(ctx, async (s) => {
        const rows = await listDeadLetters(s.db, { limit: opts.limit, ...(opts.user ? { userId: opts.user } : {}) });
        if (opts.json) return ctx.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return ctx.out("no dead letters");
        for (const r of rows) ctx.out(line(r));
      }),
    );

  cal
    .command("replay [ids...]")
    .description("put dead letters back in line (due now, attempts reset)")
    .option("--all", "every dead letter")
    .action((ids: string[], opts: { all?: boolean }) =>
      withServices(ctx, async (s) => {
        const done = await replayDeadLetters(s.db, selection(ids, opts.all), s.clock.now());
        ctx.out(`replayed ${done.length}${done.length ? `: ${done.join(", ")}` : ""}`);
      }),
    );

  cal
    .command("discard [ids...]")
    .description("delete dead letters for good")
    .option("--all", "every dead letter")
    .action((ids: string[], opts: { all?: boolean }) =>
      withServices(ctx, async (s) => {
        const done = await discardDeadLetters(s.db, selection(ids, opts.all));
        ctx.out(`discarded ${done.length}${done.length ? `: ${done.join(", ")}` : ""}`);
      }),
    );

  cal
    .command("cleanup")
    .description("delete finished rows (COMPLETED, DEAD_LETTER) older than N days (seed 002's cleanup_old_outbox_items)")
    .option("--days <n>", "older than this many days (default CALENDAR_OUTBOX_RETENTION_DAYS, else 30)", int("--days", 0))
    .action((opts: { days?: number }) =>
      withServices(ctx, async (s) => {
        const days = opts.days ?? (s.config.calendar.retentionDays || 30);
        ctx.out(`deleted ${await cleanupOutbox(s.db, days, s.clock.now())} finished rows older than ${days} days`);
      }),
    );

  cal
    .command("enqueue <payload>")
    .description("add one operation (seed 002's JSON payload) to the outbox")
    .option("--user <id>", "the Ferry user whose Google connection applies it (default: the payload's userId or workspaceId)")
    .action((payload: string, opts: { user?: string }) =>
      withServices(ctx, async (s) => {
        let json: unknown;
        try {
          json = JSON.parse(payload);
        } catch {
          throw new ValidationError("payload is not JSON", [{ field: "payload", message: "expected a JSON object" }]);
        }
        const op = parseOperation(json);
        const userId = opts.user ?? applierOf(op);
        const [id] = await s.db.transaction((tx) => enqueueOperations(tx, [{ payload: op, userId }]));
        ctx.out(JSON.stringify({ id, user_id: userId }));
      }),
    );
}
