import type { Config } from "../config/load.ts";
import { ValidationError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { needsSandbox, sandboxClientSecret } from "../providers/registry.ts";
import { type RunningProviderSandbox, startProviderSandbox } from "../providers/sandbox.ts";

/**
 * The built-in sandbox for `ferry start`, when a provider has no credentials: started here on
 * SANDBOX_PORT with every provider's module. The services then point those providers at it and
 * register Ferry's OAuth clients there. The sandbox lives in this process: sandbox mode is for
 * one Ferry process.
 */
export async function startSandboxIfNeeded(
  config: Config,
  logger: Logger,
): Promise<{ sandbox: RunningProviderSandbox; url: string; clientSecret: string } | undefined> {
  const configured = config.providers.configured;
  if (!needsSandbox(configured)) return undefined;
  const sandbox = await startProviderSandbox({ port: config.providers.sandboxPort }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EADDRINUSE") throw err;
    const message = `port ${config.providers.sandboxPort} is in use; pick another (0 = any free port), or set the providers' credentials`;
    throw new ValidationError(`invalid configuration: SANDBOX_PORT: ${message}`, [{ field: "SANDBOX_PORT", message }], "invalid_config");
  });
  const sandboxed = configured.filter((p) => !p.live).map((p) => p.descriptor.id);
  logger.info(
    { url: sandbox.url, providers: sandboxed },
    "no credentials for these providers: using the built-in sandbox (open its URL to see its content)",
  );
  return { sandbox, url: sandbox.url, clientSecret: sandboxClientSecret() };
}
