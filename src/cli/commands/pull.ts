import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { FerryError, ValidationError } from "../../errors.ts";
import { executeRun } from "../../sync/pull/execute.ts";
import { databaseResults, type PullManyResult, type PullOneResult } from "../../sync/pull/pull-user.ts";
import { assertCanPull, usersWithMirrors } from "../../sync/pull/request.ts";
import { createRun, type PullRequest } from "../../sync/pull/runs.ts";
import { type CliContext, withServices } from "../context.ts";
import { pullProgressView } from "../progress.ts";

interface PullOpts {
  user?: string;
  allUsers?: boolean;
  databaseId?: string;
  databaseName?: string;
  full?: boolean;
  json?: boolean;
  progress: boolean;
}

function table(userId: string, r: PullOneResult | PullManyResult): string[] {
  const head = ["database", "table", "inserted", "updated", "unchanged", "trashed", "failed", "deleted", "ms"];
  const lines = databaseResults(r).map((d) => [
    d.database_name || "(none)",
    d.table ?? "-",
    ...[d.inserted, d.updated, d.unchanged, d.trashed, d.failed, d.deleted, d.duration_ms].map(String),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const errors = databaseResults(r).flatMap((d) => (d.error ? [`  ${d.database_name}: ${d.error}`] : []));
  return [`user ${userId}: ${r.success ? "ok" : "with errors"} in ${r.duration_ms} ms`, fmt(head), ...lines.map(fmt), ...errors];
}

function requestOf(opts: PullOpts): PullRequest {
  if (opts.databaseId !== undefined && opts.databaseName !== undefined)
    throw new ValidationError("give --database-id or --database-name, not both", [
      { field: "--database-name", message: "conflicts with --database-id" },
    ]);
  return {
    ...(opts.databaseId !== undefined ? { databaseId: opts.databaseId } : {}),
    ...(opts.databaseName !== undefined ? { databaseName: opts.databaseName } : {}),
    ...(opts.full ? { full: true } : {}),
  };
}

/**
 * `ferry pull`: runs a pull now, in this process (no worker needed), and records it like any run.
 * It writes the same tables under the same leases as the scheduled runs, so it is safe beside them.
 */
async function run(ctx: CliContext, opts: PullOpts): Promise<void> {
  if ((opts.user === undefined) === !opts.allUsers)
    throw new ValidationError("give --user <id>, or --all-users", [{ field: "--user", message: "required (or --all-users)" }]);
  const request = requestOf(opts);
  await withServices(ctx, async (s) => {
    if (opts.user !== undefined) await assertCanPull(s.db, opts.user);
    const users = opts.user !== undefined ? [opts.user] : await usersWithMirrors(s.db);
    if (users.length === 0) ctx.err("no user has pull mirrors: nothing to pull");
    let failures = 0;
    const all: Record<string, PullOneResult | PullManyResult> = {};
    for (const userId of users) {
      const runId = randomUUID();
      await createRun(s.db, { id: runId, userId, trigger: "cli", request, at: s.clock.now() });
      const view = opts.progress && !opts.json ? pullProgressView(process.stderr, ctx.err) : null;
      if (view) ctx.err(`pulling for ${userId} (run ${runId})`);
      try {
        const result = await executeRun(s.sync, s.engines.pull, runId, {
          logger: s.logger,
          finalAttempt: true,
          ...(view ? { onProgress: (p) => view.update(p) } : {}),
        });
        view?.stop();
        all[userId] = result;
        if (!result.success) failures++;
        if (!opts.json) for (const line of table(userId, result)) ctx.out(line);
      } catch (e) {
        view?.stop();
        if (users.length === 1) throw e;
        failures++;
        ctx.err(`user ${userId}: ${(e as Error).message}`);
      }
    }
    if (opts.json) ctx.out(JSON.stringify(opts.user !== undefined ? all[opts.user] : all, null, 2));
    if (failures > 0) throw new FerryError("sync_failed", `${failures} of ${users.length} pull run(s) had errors (listed above)`);
  });
}

export function registerPull(program: Command, ctx: CliContext): void {
  program
    .command("pull")
    .description("pull a user's Notion databases into PostgreSQL tables now, with a progress bar")
    .option("--user <id>", "the user whose databases to pull")
    .option("--all-users", "every user with stored pull mirrors")
    .option("--database-id <id>", "only this database")
    .option("--database-name <name>", "only the database with this title")
    .option("--full", "read every page, not only those edited since the last run")
    .option("--json", "print the result as JSON")
    .option("--no-progress", "no progress bar")
    .action((opts: PullOpts) => run(ctx, opts));
}
