import { buildSandbox, type Sandbox, type SandboxOptions } from "../sandbox/app.ts";
import type { SandboxModule } from "../sandbox/core/module.ts";
import { googleSandbox } from "../sandbox/google/index.ts";
import { notionSandbox } from "../sandbox/notion/index.ts";
import { type RunningSandbox, type StartOptions, startSandbox } from "../sandbox/server.ts";

/**
 * The providers' sandbox modules. A temporary home: this list is to come from the provider
 * registry (each descriptor's `sandbox`), so that a new provider is not a line here too.
 */
export const SANDBOX_MODULES: readonly SandboxModule[] = [notionSandbox, googleSandbox];

export type RunningProviderSandbox = RunningSandbox;

/** The sandbox with every provider's module, as a Hono app (no socket). */
export function buildProviderSandbox(opts: Omit<SandboxOptions, "modules"> = {}): Sandbox {
  return buildSandbox({ ...opts, modules: SANDBOX_MODULES });
}

/** The sandbox with every provider's module, served on `port` (0, the default, picks a free one). */
export function startProviderSandbox(opts: Omit<StartOptions, "modules"> = {}): Promise<RunningProviderSandbox> {
  return startSandbox({ ...opts, modules: SANDBOX_MODULES });
}
