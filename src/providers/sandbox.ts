import { buildSandbox, type Sandbox, type SandboxOptions } from "../sandbox/app.ts";
import type { SandboxModule } from "../sandbox/core/module.ts";
import { type RunningSandbox, type StartOptions, startSandbox } from "../sandbox/server.ts";
import { PROVIDERS } from "./registry.ts";
import type { ProviderDescriptor } from "./types.ts";

/** The sandbox modules of these providers (default: the registry's), in registry order. */
export const sandboxModules = (providers: readonly ProviderDescriptor[] = PROVIDERS): readonly SandboxModule[] =>
  providers.map((p) => p.sandbox);

export type RunningProviderSandbox = RunningSandbox;

type WithProviders<O> = Omit<O, "modules"> & { providers?: readonly ProviderDescriptor[] };

/** The sandbox with every provider's module, as a Hono app (no socket). */
export function buildProviderSandbox({ providers, ...opts }: WithProviders<SandboxOptions> = {}): Sandbox {
  return buildSandbox({ ...opts, modules: sandboxModules(providers) });
}

/** The sandbox with every provider's module, served on `port` (0, the default, picks a free one). */
export function startProviderSandbox({ providers, ...opts }: WithProviders<StartOptions> = {}): Promise<RunningProviderSandbox> {
  return startSandbox({ ...opts, modules: sandboxModules(providers) });
}
