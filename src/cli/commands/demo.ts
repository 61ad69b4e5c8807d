import type { Command } from "commander";
import { boot } from "../../runtime/boot.ts";
import { demoWhere, runDemo } from "../../runtime/demo.ts";
import { onShutdownSignals } from "../../runtime/start.ts";
import { type CliContext, commandLogger, configFrom } from "../context.ts";

/**
 * `ferry demo`: starts like `ferry start` (the sandbox when no credentials are set, the HTTP API
 * and the workers), seeds the demo user, waits for its sync and prints where to read it; then
 * keeps running until Ctrl-C. `--no-serve` stops after the summary (no HTTP server).
 */
async function run(ctx: CliContext, serve: boolean): Promise<void> {
  const config = configFrom(ctx);
  const logger = commandLogger(config, false);
  const booted = await boot(config, logger, serve ? "all" : "worker");
  let lines: string[];
  try {
    lines = await runDemo(booted.services, demoWhere(booted.services, booted));
  } catch (err) {
    await booted.stop();
    throw err;
  }
  for (const line of lines) ctx.out(line);
  if (!serve) return booted.stop();
  ctx.out("Running; stop with Ctrl-C.");
  onShutdownSignals(booted.stop, (msg) => logger.info(msg));
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("run with a demo user: sample workspaces, folders and notes, connected and synced to the sandbox's Notion")
    .option("--no-serve", "exit once the demo is seeded and synced (no HTTP server)")
    .action((opts: { serve: boolean }) => run(ctx, opts.serve));
}
