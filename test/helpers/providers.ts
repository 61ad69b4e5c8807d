import { loadConfig } from "../../src/config/load.ts";
import type { Db } from "../../src/db/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { type ProviderSettings, providerSettings, registerSandboxClients } from "../../src/providers/registry.ts";
import { createProviderRuntime, type ProviderRuntime } from "../../src/providers/runtime.ts";

/** Provider settings pointing both providers at a sandbox, with Ferry's OAuth clients registered there. */
export async function sandboxProviders(sandboxUrl: string, env: Record<string, string> = {}): Promise<ProviderSettings> {
  const settings = providerSettings(loadConfig({ PUBLIC_URL: "http://127.0.0.1:3999", ...env }), sandboxUrl, "test-sandbox-secret");
  await registerSandboxClients(settings);
  return settings;
}

/** A provider runtime on a test database: default limits, a quick retry policy. */
export function testRuntime(db: Db, over: Partial<Parameters<typeof createProviderRuntime>[0]> = {}): ProviderRuntime {
  return createProviderRuntime({
    db,
    logger: silentLogger(),
    policy: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 400, deadlineMs: 20_000, timeoutMs: 5_000 },
    // Generous budgets: tests about rate limits set their own.
    limits: {
      notion: { connection: { perSecond: 1000, burst: 1000 }, workspace: { perSecond: 1000, burst: 1000 } },
      google: { user: { perSecond: 1000, burst: 1000 }, project: { perSecond: 1000, burst: 1000 } },
    },
    ...over,
  });
}
