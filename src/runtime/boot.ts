import type { Config, Role } from "../config/load.ts";
import type { Logger } from "../logger.ts";
import { registerSandboxClients } from "../providers/registry.ts";
import { startSandboxIfNeeded } from "./providers.ts";
import { createServices, type Services } from "./services.ts";
import { type Running, startRoles } from "./start.ts";

export interface Booted {
  services: Services;
  running: Running;
  /** The built-in sandbox's URL, when it runs. */
  sandboxUrl: string | undefined;
  /** Where the HTTP API answers, when the api role runs. */
  apiUrl: string | undefined;
  /** HTTP first, then the workers within the grace period, then the database and the sandbox. */
  stop(): Promise<void>;
}

/** What `ferry start` and `ferry demo` run: the sandbox when needed, the services, then the roles. */
export async function boot(config: Config, logger: Logger, role: Role): Promise<Booted> {
  const started = await startSandboxIfNeeded(config, logger);
  const sandbox = started?.sandbox;
  let services: Services;
  try {
    services = await createServices(config, logger, {
      applicationName: `ferry-${role}`,
      ...(started ? { sandbox: { url: started.url, clientSecret: started.clientSecret } } : {}),
    });
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
  try {
    await registerSandboxClients(services.providers);
  } catch (err) {
    await services.close();
    await sandbox?.close();
    throw err;
  }
  const running = await startRoles(services, role).catch(async (err) => {
    await services.close();
    await sandbox?.close();
    throw err;
  });
  const host = ["0.0.0.0", "::"].includes(config.http.host) ? "127.0.0.1" : config.http.host;
  return {
    services,
    running,
    sandboxUrl: sandbox?.url,
    apiUrl: running.port === undefined ? undefined : `http://${host}:${running.port}`,
    async stop() {
      await running.stop();
      await services.close();
      await sandbox?.close();
    },
  };
}
