import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import type { Config } from "../config/load.ts";
import { openSessionKey } from "../connections/session-secret.ts";
import { assertMigrated, migrate } from "../db/migrate.ts";
import { openDb } from "../db/open.ts";
import type { Db } from "../db/types.ts";
import { buildRegistry, type CatalogEntry, catalog, type Engines } from "../jobs/catalog.ts";
import type { Logger } from "../logger.ts";
import { buildProviders, needsSandbox, type ProviderSet } from "../providers/registry.ts";
import { createProviderRuntime, type ProviderRuntime } from "../providers/runtime.ts";
import { Queue } from "../queue/queue.ts";
import type { JobRegistry } from "../queue/registry.ts";
import type { JobHandler } from "../queue/types.ts";
import { markdownToBlocks } from "../sync/markdown/index.ts";
import type { SyncDeps } from "../sync/session.ts";
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
  /** Every provider of the registry, live or pointing at the sandbox. */
  providers: ProviderSet;
  /** The shared limiter, retry policy and call counters every provider client uses. */
  providerRuntime: ProviderRuntime;
  /** What the sync engines and token refresh run on: db, vault, providers, clock, logger. */
  sync: SyncDeps;
  /** The engines' options, from the config. */
  engines: Required<Engines>;
  /** Seals OAuth state cookies (from SESSION_SECRET, or a development secret). Opened like the vault. */
  readonly sessionKey: Buffer;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  db?: Db;
  vault?: KeyRing;
  /**
   * The built-in sandbox the providers without credentials use: its URL and the secret of Ferry's
   * clients there. Default: 127.0.0.1:SANDBOX_PORT (where `ferry start` serves it).
   */
  sandbox?: { url: string; clientSecret: string };
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
  const db = over.db ?? (await openDb(config.database, logger, over.applicationName));
  const providerRuntime = createProviderRuntime({ db, logger, policy: config.providers.policy });
  const configured = config.providers.configured;
  const sandbox =
    over.sandbox ??
    (needsSandbox(configured)
      ? { url: `http://127.0.0.1:${config.providers.sandboxPort}`, clientSecret: "ferry-local-secret" }
      : undefined);
  const providers = buildProviders(configured, { runtime: providerRuntime, ...(sandbox ? { sandbox } : {}) });
  try {
    if (over.readOnlySchema) await assertMigrated(db);
    else await migrate(db, logger);
    const clock = over.clock ?? systemClock;
    // The vault opens on first use, so read-only commands that never touch tokens need no key.
    const cipher = {
      encrypt: (p: string, aad: string) => openVault().encrypt(p, aad),
      decrypt: (e: string, aad: string) => openVault().decrypt(e, aad),
    };
    const sync: SyncDeps = { db, cipher, providers, clock, logger };
    const engines: Required<Engines> = {
      push: { render: markdownToBlocks, ...config.push },
      pull: config.pull,
      calendar: { batchSize: config.calendar.batchSize, maxRetries: config.calendar.maxRetries },
    };
    const { registry, handlers } = buildRegistry(over.entries ?? catalog({ logger, sync, engines }));
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
      sync,
      engines,
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
