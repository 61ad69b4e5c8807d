/**
 * The provider contract: one table of failures, run the same way against every provider, through
 * its client and through every engine that uses it. Each provider's `*.contract.test.ts` gives a
 * subject (its descriptor, its error codes, its engines); this file owns the cases and the
 * assertions, so a provider cannot pass with a weaker reading of a 403 or a 429 than another.
 */
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { connectionTokens } from "../../src/connections/token-source.ts";
import { NonRetryableError } from "../../src/errors.ts";
import { ProviderRetryableError } from "../../src/http-client/errors.ts";
import { silentLogger } from "../../src/logger.ts";
import { type ErrorRecord, errorRecord, ProviderRefusedError } from "../../src/providers/errors.ts";
import type { ProviderSet } from "../../src/providers/registry.ts";
import type { ProviderDescriptor } from "../../src/providers/types.ts";
import type { SyncDeps } from "../../src/sync/session.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import type { TestDb } from "../helpers/db.ts";
import { type OAuthUser, oauthUser } from "../helpers/oauth-user.ts";
import { sandboxProviders, testRuntime, testSyncDeps } from "../helpers/providers.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { useTestDb } from "../helpers/use-db.ts";

/** A fault rule for the sandbox's control API (`POST /__sandbox/faults`), without its path. */
export type Fault = { status?: number; code?: string; retry_after_seconds?: number; hang_ms?: number; count?: number; method?: string };

export interface ContractCase {
  name: string;
  fault: Fault;
  /** The class every client and engine must surface. */
  is: typeof ProviderRetryableError | typeof ProviderRefusedError | typeof NonRetryableError;
  /** What the error says once kept (see `errorRecord`): the same for the client and every engine. */
  record: Partial<ErrorRecord>;
  /** The work gets another attempt by itself (the queue retries the job, the outbox the row). */
  retried: boolean;
}

/** Each request is sent once (no retries inside the client) and times out after 400 ms. */
const POLICY = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, deadlineMs: 5_000, timeoutMs: 400 };

/** The failures every provider answers the same way; `code` is what the provider's API says for the status. */
export function sharedCases(code: (status: number) => string): ContractCase[] {
  const fault = (status: number, extra: Fault = {}): Fault => ({ status, code: code(status), ...extra });
  const retryable = (status: number, kind: ErrorRecord["kind"], extra: Fault = {}, hint?: number): ContractCase => ({
    name: `${status} → retry later (${kind})`,
    fault: fault(status, extra),
    is: ProviderRetryableError,
    record: { code: "provider_unavailable", kind, status, ...(hint !== undefined ? { retry_after_ms: hint } : {}) },
    retried: true,
  });
  return [
    {
      name: "403 → give up (forbidden)",
      fault: fault(403),
      is: ProviderRefusedError,
      record: { code: "forbidden", status: 403 },
      retried: false,
    },
    {
      name: "404 → give up (not_found)",
      fault: fault(404),
      is: ProviderRefusedError,
      record: { code: "not_found", status: 404 },
      retried: false,
    },
    retryable(409, "conflict"),
    { ...retryable(429, "rate_limited", { retry_after_seconds: 1 }, 1000), name: "429 with Retry-After → retry after the hint" },
    retryable(500, "unavailable"),
    retryable(503, "unavailable"),
    {
      name: "a network timeout → retry later (timeout)",
      fault: { hang_ms: 2_000 },
      is: ProviderRetryableError,
      record: { code: "provider_unavailable", kind: "timeout" },
      retried: true,
    },
    {
      name: "a 401 that outlives the refresh → the grant is gone (auth_revoked)",
      fault: fault(401, { count: 2 }),
      is: NonRetryableError,
      record: { code: "auth_revoked" },
      retried: false,
    },
  ];
}

/** What an engine's run ended with, read back from where the engine keeps it. */
export interface Outcome {
  /** The error the run threw, or the one it recorded for the item it went past; null: it succeeded. */
  record: ErrorRecord | Partial<ErrorRecord> | null;
  retried: boolean;
}

/** The error a run threw, as the queue sees it: retried unless it gives up for good. */
export const thrown = (e: unknown): Outcome => ({ record: errorRecord(e), retried: !(e instanceof NonRetryableError) });

export interface World {
  t: TestDb;
  sandboxUrl: string;
  deps: SyncDeps;
  user: OAuthUser;
}

export interface EngineSubject {
  name: string;
  /** The regular expression (sandbox fault `path`) of the call the fault hits, and its method. */
  path: string;
  method?: string;
  /**
   * How many calls a failure must last to reach the engine as itself: 1, or more where the engine
   * reads an answer and makes another call (a calendar insert that meets a 409 updates instead).
   */
  calls?: number;
  /** Gives the user work for the engine; returns one run of it. */
  prepare(w: World): Promise<() => Promise<Outcome>>;
}

export interface ContractSubject<Api> {
  descriptor: ProviderDescriptor<unknown, Api>;
  /** The provider's error code (Notion) or reason (Google) for a status. */
  code(status: number): string;
  /** Its token endpoint in the sandbox's request log, e.g. `POST /v1/oauth/token`. */
  tokenEndpoint: string;
  /** The path (a fault `path`) of the provider's `verify` call, the client case's call. */
  verifyPath: string;
  engines: EngineSubject[];
  /** Cases only this provider has (Notion's 529, Google's rate-limit 403s). */
  extraCases?: ContractCase[];
}

export function providerContract<Api>(subject: ContractSubject<Api>): void {
  const { descriptor } = subject;
  const cases = [...sharedCases(subject.code), ...(subject.extraCases ?? [])];

  describe(`provider contract: ${descriptor.id}`, () => {
    const sb = useSandbox();
    let t: TestDb;
    let providers: ProviderSet;
    let deps: SyncDeps;
    let user: OAuthUser;
    const fault = async (path: string, f: Fault) => {
      const res = await fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify({ path, count: 1, ...f }) });
      expect(res.status).toBe(201);
    };
    const refreshes = async () => {
      const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { by_endpoint: Record<string, number> };
      return log.by_endpoint[subject.tokenEndpoint] ?? 0;
    };
    const connectionStatus = async () =>
      (await t.db.query<{ status: string }>("SELECT status FROM connections WHERE id = $1", [user.connectionId])).rows[0]?.status;

    const file = useTestDb();
    beforeEach(async () => {
      t = file.t;
      await sb.reset();
      // Registered after the reset: the sandbox forgets OAuth clients with everything else.
      providers = await sandboxProviders(sb.url, testRuntime(t.db, { policy: POLICY }), {}, [descriptor as ProviderDescriptor]);
      deps = testSyncDeps(t.db, providers, { ring: new KeyRing(randomBytes(32)), clock: systemClock, logger: silentLogger() });
      const provider = providers.get(descriptor.id);
      if (!provider) throw new Error(`${descriptor.id} is not configured`);
      user = await oauthUser(deps, provider, `contract_${randomBytes(4).toString("hex")}`);
    });

    const client = () => {
      const provider = providers.get(descriptor.id);
      if (!provider) throw new Error(`${descriptor.id} is not configured`);
      const api = provider.api({
        connectionId: user.connectionId,
        externalId: user.externalId,
        tokens: connectionTokens(deps, user.connectionId),
      });
      return () => provider.verify(api);
    };

    describe("through the client", () => {
      for (const c of cases) {
        it(c.name, async () => {
          await fault(subject.verifyPath, c.fault);
          const err = await client()().then(
            () => null,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(c.is);
          expect(errorRecord(err)).toMatchObject(c.record);
          if (c.record.code === "auth_revoked") expect(await connectionStatus()).toBe("invalid");
        });
      }

      it("a 401 renews the token exactly once, then the call succeeds", async () => {
        const before = await refreshes();
        await fault(subject.verifyPath, { status: 401, code: subject.code(401), count: 1 });
        await expect(client()()).resolves.toBeTypeOf("object");
        expect((await refreshes()) - before).toBe(1);
        expect(await connectionStatus()).toBe("active");
      });
    });

    for (const engine of subject.engines) {
      describe(`through the ${engine.name} engine`, () => {
        const world = (): World => ({ t, sandboxUrl: sb.url, deps, user });
        const inject = (f: Fault) => fault(engine.path, { ...(engine.method ? { method: engine.method } : {}), ...f });

        for (const c of cases) {
          it(c.name, async () => {
            const run = await engine.prepare(world());
            await inject({ ...c.fault, count: (c.fault.count ?? 1) * (engine.calls ?? 1) });
            const outcome = await run();
            expect(outcome.record).toMatchObject(c.record);
            expect(outcome.retried).toBe(c.retried);
            if (c.record.code === "auth_revoked") expect(await connectionStatus()).toBe("invalid");
          });
        }

        it("a 401 renews the token exactly once, then the run succeeds", async () => {
          const run = await engine.prepare(world());
          const before = await refreshes();
          await inject({ status: 401, code: subject.code(401), count: 1 });
          expect(await run()).toEqual({ record: null, retried: false });
          expect((await refreshes()) - before).toBe(1);
        });
      });
    }
  });
}
