import type { Command } from "commander";
import type { Role } from "../../config/load.ts";
import { ValidationError } from "../../errors.ts";
import { startProviders } from "../../runtime/providers.ts";
import { createServices } from "../../runtime/services.ts";
import { onShutdownSignals, startRoles } from "../../runtime/start.ts";
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
  const providers = await startProviders(config, logger);
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices(config, logger, { applicationName: `ferry-${role}`, providerSettings: providers.settings });
  } catch (err) {
    await providers.sandbox?.close();
    throw err;
  }
  const running = await startRoles(services, role);
  logger.info({ role, database: services.db.driver }, "ferry is running");
  onShutdownSignals(
    async () => {
      await running.stop();
      await services.close();
      await providers.sandbox?.close();
    },
    (msg) => logger.info(msg),
  );
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
