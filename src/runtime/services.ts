import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import type { Config } from "../config/load.ts";
import type { TokenDeps } from "../connections/refresh.ts";
import { openSessionKey } from "../connections/session-secret.ts";
import { assertMigrated, migrate } from "../db/migrate.ts";
import { openDb } from "../db/open.ts";
import type { Db } from "../db/types.ts";
import { buildRegistry, type CatalogEntry, catalog } from "../jobs/catalog.ts";
import type { Logger } from "../logger.ts";
import { buildProviders, type ProviderSettings, providerSettings } from "../providers/registry.ts";
import { createProviderRuntime, type ProviderRuntime } from "../providers/runtime.ts";
import type { Provider, ProviderId } from "../providers/types.ts";
import { Queue } from "../queue/queue.ts";
import type { JobRegistry } from "../queue/registry.ts";
import type { JobHandler } from "../queue/types.ts";
import type { CalendarDeps } from "../sync/calendar/drain.ts";
import { markdownToBlocks } from "../sync/markdown/index.ts";
import type { PullServiceDeps } from "../sync/pull/execute.ts";
import type { KeyRing } from "../vault/keyring.ts";
import { openKeyRing } from "../vault/open.ts";

/** Everything a role needs, built once from the config. */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  registry: JobRegistry;
  handlers: Map<string, JobHandler>;
  queue: Queue;
  /**
   * The token vault's key ring. Opened before the database when the service starts, so a missing
   * key fails at once; read-only commands open it on first use, and only if they need it.
   */
  readonly vault: KeyRing;
  /** Notion and Google, live or pointing at the sandbox. */
  providers: ReadonlyMap<ProviderId, Provider>;
  /** The shared limiter, retry policy and call counters every provider client uses. */
  providerRuntime: ProviderRuntime;
  /** What token refresh and provider jobs need: db, vault, providers, clock, logger. */
  connections: TokenDeps;
  /** What pull runs need (the `notion.pull` job, `ferry pull`). */
  pull: PullServiceDeps;
  /** Seals OAuth state cookies (from SESSION_SECRET, or a development secret). Opened like the vault. */
  readonly sessionKey: Buffer;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  db?: Db;
  vault?: KeyRing;
  /** Where the providers live; default: from the config, sandboxed ones at 127.0.0.1:SANDBOX_PORT. */
  providerSettings?: ProviderSettings;
  entries?: CatalogEntry[];
  applicationName?: string;
  /**
   * Read-only use (`ferry jobs ...`): do not migrate or record job types; fail with a clear
   * message if the schema is not current. Default false.
   */
  readOnlySchema?: boolean;
  /** False for processes that serve no OAuth flow (the calendar worker library): SESSION_SECRET is then only read if used. */
  sessionKey?: boolean;
}

export async function createServices(config: Config, logger: Logger, over: ServiceOverrides = {}): Promise<Services> {
  let vault = over.vault;
  const openVault = (): KeyRing => {
    vault ??= openKeyRing(config.vault, { dataDir: config.database.dataDir, sharedDatabase: config.database.url !== undefined, logger });
    return vault;
  };
  const shared = { dataDir: config.database.dataDir, sharedDatabase: config.database.url !== undefined, logger };
  let sessionKey: Buffer | undefined;
  const openSession = () => {
    sessionKey ??= openSessionKey(config.connect.sessionSecret, shared);
    return sessionKey;
  };
  if (!over.readOnlySchema) {
    openVault();
    if (over.sessionKey !== false) openSession();
  }
  const settings = over.providerSettings ?? providerSettings(config, `http://127.0.0.1:${config.providers.sandboxPort}`);
  const db = over.db ?? (await openDb(config.database, logger, over.applicationName));
  const providerRuntime = createProviderRuntime({ db, logger, limits: config.providers.limits, policy: config.providers.policy });
  const providers = buildProviders(settings, providerRuntime);
  try {
    if (over.readOnlySchema) await assertMigrated(db);
    else await migrate(db, logger);
    const clock = over.clock ?? systemClock;
    // The vault opens on first use, so read-only commands that never touch tokens need no key.
    const cipher = {
      encrypt: (p: string, aad: string) => openVault().encrypt(p, aad),
      decrypt: (e: string, aad: string) => openVault().decrypt(e, aad),
    };
    const connections: TokenDeps = { db, cipher, providers, clock, logger };
    const push = {
      tokens: connections,
      runtime: providerRuntime,
      apiBaseUrl: settings.notion.apiBaseUrl,
      options: { render: markdownToBlocks, ...config.push },
    };
    const pull: PullServiceDeps = {
      tokens: connections,
      runtime: providerRuntime,
      apiBaseUrl: settings.notion.apiBaseUrl,
      options: config.pull,
    };
    const calendar: CalendarDeps = {
      tokens: connections,
      runtime: providerRuntime,
      apiRootUrl: settings.google.apiRootUrl,
      options: { batchSize: config.calendar.batchSize, maxRetries: config.calendar.maxRetries },
    };
    const { registry, handlers } = buildRegistry(over.entries ?? catalog({ logger, connections, push, pull, calendar }));
    if (!over.readOnlySchema) await registry.publish(db);
    const queue = new Queue({ db, registry, clock, keepCompleted: config.retention.completedDays > 0 });
    return {
      config,
      logger,
      clock,
      db,
      registry,
      handlers,
      queue,
      get vault() {
        return openVault();
      },
      providers,
      providerRuntime,
      connections,
      pull,
      get sessionKey() {
        return openSession();
      },
      close: () => db.close(),
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
