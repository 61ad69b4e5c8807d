import { Command, CommanderError } from "commander";
import { VERSION } from "../version.ts";
import { registerCalendar } from "./commands/calendar.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerJobs } from "./commands/jobs.ts";
import { registerKeys } from "./commands/keys.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerPull } from "./commands/pull.ts";
import { registerSandbox } from "./commands/sandbox.ts";
import { registerScheduler } from "./commands/scheduler.ts";
import { registerStart } from "./commands/start.ts";
import { type CliContext, reportError } from "./context.ts";

/** Builds the `ferry` program; `main` below is the only place that reads process.env. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("ferry")
    .description("Ferry: sync an app's users' data with Notion and Google Calendar, durably.")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerStart(program, ctx);
  registerDemo(program, ctx);
  registerMigrate(program, ctx);
  registerJobs(program, ctx);
  registerKeys(program, ctx);
  registerPull(program, ctx);
  registerCalendar(program, ctx);
  registerSandbox(program, ctx);
  registerScheduler(program, ctx);
  return program;
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Pick<CliContext, "out" | "err"> = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) },
): Promise<number> {
  const ctx: CliContext = { env, ...io };
  const program = buildProgram(ctx);
  program.configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(ctx, error);
  }
}

const isEntrypoint = process.argv[1] !== undefined && /ferry(\.js)?$|cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntrypoint) {
  const code = await main(process.argv.slice(2), process.env);
  // `start`, `worker`, `sandbox` and `demo` keep running (signal handlers own the exit); one-shot
  // commands, and `demo --no-serve`, exit with their code.
  const argv = process.argv.slice(2);
  const serves = ["start", "worker", "sandbox", "demo"].includes(argv[0] ?? "") && !argv.includes("--no-serve");
  if (code !== 0 || !serves) process.exit(code);
}
