import type { Config } from "../config/load.ts";
import { ValidationError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import {
  needsSandbox,
  type ProviderSettings,
  providerSettings,
  registerSandboxClients,
  sandboxClientSecret,
} from "../providers/registry.ts";
import { type RunningSandbox, startSandbox } from "../sandbox/server.ts";

/**
 * Where the providers live for `ferry start`. A provider without credentials is served by the
 * built-in sandbox, started here on SANDBOX_PORT, with Ferry's OAuth clients registered for its
 * redirect URIs. The sandbox lives in this process: sandbox mode is for one Ferry process.
 */
export async function startProviders(
  config: Config,
  logger: Logger,
): Promise<{ settings: ProviderSettings; sandbox: RunningSandbox | undefined }> {
  if (!needsSandbox(config)) return { settings: providerSettings(config, undefined), sandbox: undefined };
  const sandbox = await startSandbox({ port: config.providers.sandboxPort }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EADDRINUSE") throw err;
    const message = `port ${config.providers.sandboxPort} is in use; pick another (0 = any free port), or set the providers' credentials`;
    throw new ValidationError(`invalid configuration: SANDBOX_PORT: ${message}`, [{ field: "SANDBOX_PORT", message }], "invalid_config");
  });
  const settings = providerSettings(config, sandbox.url, sandboxClientSecret());
  await registerSandboxClients(settings);
  const sandboxed = (["notion", "google"] as const).filter((p) => settings[p].mode === "sandbox");
  logger.info(
    { url: sandbox.url, providers: sandboxed },
    "no credentials for these providers: using the built-in sandbox (open its URL to see its content)",
  );
  return { settings, sandbox };
}
