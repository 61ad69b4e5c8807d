import type { Command } from "commander";
import type { Role } from "../../config/load.ts";
import { ValidationError } from "../../errors.ts";
import { boot } from "../../runtime/boot.ts";
import { demoInBackground, demoWhere } from "../../runtime/demo.ts";
import { onShutdownSignals } from "../../runtime/start.ts";
import { type CliContext, commandLogger, configFrom } from "../context.ts";

const ROLES = ["api", "worker", "all"];

async function run(ctx: CliContext, roleArg: string | undefined): Promise<void> {
  const config = configFrom(ctx);
  const role = (roleArg ?? config.role) as Role;
  if (!ROLES.includes(role)) {
    throw new ValidationError(`--role must be api, worker or all (got ${JSON.stringify(roleArg)})`, [
      { field: "--role", message: "expected api, worker or all" },
    ]);
  }
  const logger = commandLogger(config, false);
  const booted = await boot(config, logger, role);
  logger.info({ role, database: booted.services.db.driver }, "ferry is running");
  // The demo needs this process's workers (and, in sandbox mode, its sandbox): `all` only.
  if (config.demo && role === "all") demoInBackground(booted.services, demoWhere(booted.services, booted));
  onShutdownSignals(booted.stop, (msg) => logger.info(msg));
}

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description("run the service: HTTP API and workers (or one role with --role)")
    .option("--role <role>", "api (HTTP only), worker (jobs only) or all", undefined)
    .action((opts: { role?: string }) => run(ctx, opts.role));
  program
    .command("worker")
    .description("run only the workers (same as start --role worker)")
    .action(() => run(ctx, "worker"));
}
