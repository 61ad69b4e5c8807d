import type { Command } from "commander";
import { ValidationError } from "../../errors.ts";
import { JOB_STATUSES, type JobStatus } from "../../queue/transitions.ts";
import type { JobRecord } from "../../queue/types.ts";
import { type CliContext, int, withServices } from "../context.ts";

function jobIds(ids: string[]): string[] {
  for (const id of ids) {
    if (!/^\d{1,19}$/.test(id))
      throw new ValidationError(`job id ${JSON.stringify(id)} is not a number`, [{ field: "id", message: "expected a numeric job id" }]);
  }
  return ids;
}

function status(value: string): JobStatus {
  if (!(JOB_STATUSES as readonly string[]).includes(value)) {
    throw new ValidationError(`--status must be one of ${JOB_STATUSES.join(", ")}`, [
      { field: "--status", message: `expected one of ${JOB_STATUSES.join(", ")}` },
    ]);
  }
  return value as JobStatus;
}

function row(j: JobRecord): string {
  const when = (j.finishedAt ?? j.runAt).toISOString();
  const why = j.deadLetterReason ?? (j.lastError as { code?: string } | null)?.code ?? "";
  return [j.id.padStart(8), j.status.padEnd(11), j.type.padEnd(24), `${j.attempts}/${j.maxAttempts}`.padEnd(6), when, why].join("  ");
}

/** Dead letters chosen by id, or all (optionally of one type) with --all. */
function selection(ids: string[], opts: { all?: boolean; type?: string }) {
  if (ids.length > 0 && opts.all)
    throw new ValidationError("give job ids or --all, not both", [{ field: "--all", message: "conflicts with job ids" }]);
  if (ids.length === 0 && !opts.all)
    throw new ValidationError("give job ids, or --all to select every dead letter", [{ field: "id", message: "required" }]);
  return opts.all ? { type: opts.type } : { ids: jobIds(ids), type: opts.type };
}

export function registerJobs(program: Command, ctx: CliContext): void {
  const jobs = program.command("jobs").description("inspect and manage the job queue");

  jobs
    .command("stats")
    .description("counts per status and type, and the age of the oldest queued job")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      withServices(ctx, async (s) => {
        const st = await s.queue.stats();
        if (opts.json) return ctx.out(JSON.stringify(st, null, 2));
        for (const k of JOB_STATUSES) ctx.out(`${k.padEnd(12)} ${st.byStatus[k]}`);
        ctx.out(`${"scheduled".padEnd(12)} ${st.scheduled} (queued, not yet due)`);
        ctx.out(`oldest queued job waiting: ${st.oldestQueuedAgeSeconds.toFixed(1)} s`);
        for (const t of st.byType) ctx.out(`  ${t.type.padEnd(24)} ${t.status.padEnd(12)} ${t.count}`);
      }),
    );

  jobs
    .command("list")
    .description("list jobs, newest first")
    .option("--status <status>", `one of ${JOB_STATUSES.join(", ")}`, status)
    .option("--type <type>", "only this job type")
    .option("--queue <queue>", "only this queue")
    .option("--limit <n>", "how many (max 1000)", int("--limit", 1), 50)
    .option("--before <id>", "only jobs with a smaller id (next page)")
    .option("--json", "print JSON")
    .action((opts: { status?: JobStatus; type?: string; queue?: string; limit: number; before?: string; json?: boolean }) =>
      withServices(ctx, async (s) => {
        const list = await s.queue.list({
          status: opts.status,
          type: opts.type,
          queue: opts.queue,
          limit: opts.limit,
          beforeId: opts.before ? jobIds([opts.before])[0] : undefined,
        });
        if (opts.json) return ctx.out(JSON.stringify(list, null, 2));
        if (list.length === 0) return ctx.out("no jobs");
        for (const j of list) ctx.out(row(j));
      }),
    );

  jobs
    .command("retry")
    .description("replay dead letters: back to queued with attempts reset")
    .argument("[ids...]", "dead-lettered job ids")
    .option("--all", "every dead letter (with --type: of that type)")
    .option("--type <type>", "only this job type")
    .action((ids: string[], opts: { all?: boolean; type?: string }) =>
      withServices(ctx, async (s) => {
        const r = await s.queue.replay(selection(ids, opts));
        ctx.out(`replayed ${r.replayed.length} job(s)${r.replayed.length ? `: ${r.replayed.join(", ")}` : ""}`);
        if (r.skipped.length) ctx.out(`skipped ${r.skipped.length} (a live job holds the same dedupe key): ${r.skipped.join(", ")}`);
      }),
    );

  jobs
    .command("discard")
    .description("delete dead letters for good")
    .argument("[ids...]", "dead-lettered job ids")
    .option("--all", "every dead letter (with --type: of that type)")
    .option("--type <type>", "only this job type")
    .action((ids: string[], opts: { all?: boolean; type?: string }) =>
      withServices(ctx, async (s) => {
        const gone = await s.queue.discard(selection(ids, opts));
        ctx.out(`discarded ${gone.length} job(s)${gone.length ? `: ${gone.join(", ")}` : ""}`);
      }),
    );

  jobs
    .command("cleanup")
    .description("delete finished jobs older than their retention")
    .option("--completed-days <n>", "completed jobs older than this (default JOB_RETENTION_DAYS)", int("--completed-days", 0))
    .option(
      "--dead-letter-days <n>",
      "dead letters older than this; 0 keeps them (default DEAD_LETTER_RETENTION_DAYS)",
      int("--dead-letter-days", 0),
    )
    .action((opts: { completedDays?: number; deadLetterDays?: number }) =>
      withServices(ctx, async (s) => {
        const r = s.config.retention;
        const res = await s.queue.cleanup({
          completedDays: opts.completedDays ?? r.completedDays,
          deadLetterDays: opts.deadLetterDays ?? r.deadLetterDays,
        });
        ctx.out(`deleted ${res.completed} completed and ${res.deadLettered} dead-lettered job(s)`);
      }),
    );

  jobs
    .command("enqueue")
    .description("enqueue one job (payload as JSON)")
    .argument("<type>", "job type, e.g. ferry.noop")
    .argument("[payload]", "JSON object", "{}")
    .option("--dedupe-key <key>", "return the live job with this key instead of adding another")
    .option("--delay-ms <ms>", "run after this many milliseconds", int("--delay-ms", 0))
    .option("--priority <n>", "higher runs first", Number)
    .option("--max-attempts <n>", "attempts before dead letter", int("--max-attempts", 1))
    .action((type: string, payloadText: string, opts: { dedupeKey?: string; delayMs?: number; priority?: number; maxAttempts?: number }) =>
      withServices(ctx, async (s) => {
        let payload: unknown;
        try {
          payload = JSON.parse(payloadText);
        } catch {
          throw new ValidationError("payload is not valid JSON", [{ field: "payload", message: "malformed JSON" }]);
        }
        const res = await s.queue.enqueue(type, payload, opts);
        ctx.out(JSON.stringify(res));
      }),
    );
}
