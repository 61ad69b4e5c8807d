import { type Config, loadConfig } from "../config/load.ts";
import { FerryError, isValidationError, ValidationError } from "../errors.ts";
import { createLogger, type Logger } from "../logger.ts";
import { createServices, type ServiceOverrides, type Services } from "../runtime/services.ts";

/** What every command gets: the parsed config and a logger. Only the CLI reads process.env. */
export interface CliContext {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

export function configFrom(ctx: CliContext): Config {
  return loadConfig(ctx.env);
}

/** Logs go to stderr for one-shot commands so stdout stays clean for their output. */
export function commandLogger(config: Config, toStderr: boolean): Logger {
  return createLogger({
    level: toStderr && config.log.level === "info" ? "warn" : config.log.level,
    format: config.log.format,
    destination: toStderr ? process.stderr : process.stdout,
  });
}

/** Opens services for a one-shot command and closes them afterwards. */
export async function withServices<T>(ctx: CliContext, fn: (s: Services) => Promise<T>, over: ServiceOverrides = {}): Promise<T> {
  const config = configFrom(ctx);
  const logger = commandLogger(config, true);
  const s = await createServices(config, logger, { applicationName: "ferry-cli", readOnlySchema: true, ...over });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** A commander option parser for a whole number ≥ `min`; anything else is a ValidationError naming the option. */
export function int(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new ValidationError(`${name} must be a whole number ≥ ${min}`, [
        { field: name, message: `expected a whole number ≥ ${min}, got ${JSON.stringify(value)}` },
      ]);
    return n;
  };
}

/** Prints an error the way every command does, and returns the exit code. */
export function reportError(ctx: CliContext, error: unknown): number {
  if (error instanceof FerryError) {
    ctx.err(`error [${error.code}]: ${error.message}`);
    if (isValidationError(error)) for (const i of error.issues) ctx.err(`  - ${i.field}: ${i.message}`);
    return isValidationError(error) ? 2 : 1;
  }
  ctx.err(`error: ${(error as Error)?.message ?? String(error)}`);
  return 1;
}
