import { systemClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { Db } from "../../src/db/types.ts";
import { type Logger, silentLogger } from "../../src/logger.ts";
import { buildProviders, type ProviderSet, registerSandboxClients } from "../../src/providers/registry.ts";
import { createProviderRuntime, type ProviderRuntime } from "../../src/providers/runtime.ts";
import type { ProviderDescriptor } from "../../src/providers/types.ts";
import type { SyncDeps } from "../../src/sync/session.ts";
import type { KeyRing } from "../../src/vault/keyring.ts";

/** Generous budgets for tests: those about rate limits set their own (in `env`). */
export const GENEROUS_LIMITS = {
  NOTION_RATE_LIMIT: "1000,1000",
  NOTION_WORKSPACE_RATE_LIMIT: "1000,1000",
  NOTION_INTEGRATION_RATE_LIMIT: "1000,1000",
  GOOGLE_RATE_LIMIT: "1000,1000",
  GOOGLE_PROJECT_RATE_LIMIT: "1000,1000",
};

/** The highest budgets the variables take: for processes that must never wait on the limiter. */
export const UNLIMITED = {
  NOTION_RATE_LIMIT: "10000,100000",
  NOTION_WORKSPACE_RATE_LIMIT: "10000,100000",
  NOTION_INTEGRATION_RATE_LIMIT: "10000,100000",
  GOOGLE_RATE_LIMIT: "10000,100000",
  GOOGLE_PROJECT_RATE_LIMIT: "10000,100000",
};

export const TEST_SANDBOX_SECRET = "test-sandbox-secret";

/**
 * Every provider pointed at a sandbox (none has credentials), from the config the environment
 * `env` gives (on top of generous rate limits), with Ferry's OAuth clients registered there.
 */
export async function sandboxProviders(
  sandboxUrl: string,
  runtime: ProviderRuntime,
  env: Record<string, string> = {},
  descriptors?: readonly ProviderDescriptor[],
): Promise<ProviderSet> {
  const config = loadConfig({ PUBLIC_URL: "http://127.0.0.1:3999", ...GENEROUS_LIMITS, ...env }, descriptors);
  const providers = buildProviders(config.providers.configured, {
    runtime,
    sandbox: { url: sandboxUrl, clientSecret: TEST_SANDBOX_SECRET },
  });
  await registerSandboxClients(providers);
  return providers;
}

/** A provider runtime on a test database: a quick retry policy. */
export function testRuntime(db: Db, over: Partial<Parameters<typeof createProviderRuntime>[0]> = {}): ProviderRuntime {
  return createProviderRuntime({
    db,
    logger: silentLogger(),
    policy: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 400, deadlineMs: 20_000, timeoutMs: 5_000 },
    ...over,
  });
}

/** What the sync engines run on, for a test: the database, a vault, the providers, a clock and a logger. */
export function testSyncDeps(
  db: Db,
  providers: ProviderSet,
  opts: { ring: KeyRing; clock?: SyncDeps["clock"]; logger?: Logger },
): SyncDeps {
  return { db, cipher: opts.ring, providers, clock: opts.clock ?? systemClock, logger: opts.logger ?? silentLogger() };
}
