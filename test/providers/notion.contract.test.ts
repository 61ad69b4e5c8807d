import { ProviderRetryableError } from "../../src/http-client/errors.ts";
import { buildRegistry, catalog } from "../../src/jobs/catalog.ts";
import { silentLogger } from "../../src/logger.ts";
import { notionProvider } from "../../src/providers/notion/index.ts";
import { Queue } from "../../src/queue/queue.ts";
import { executeRun, type PullOptions } from "../../src/sync/pull/execute.ts";
import { databaseResults } from "../../src/sync/pull/pull-user.ts";
import { enqueueRun } from "../../src/sync/pull/request.ts";
import { upsertDocuments } from "../../src/sync/push/documents.ts";
import type { PushOptions } from "../../src/sync/push/engine.ts";
import { executePush } from "../../src/sync/push/execute.ts";
import { linesToBlocks } from "../helpers/push.ts";
import { type EngineSubject, type Outcome, providerContract, thrown, type World } from "./contract.ts";

/** Notion's error code for each status (developers.notion.com, "Status codes"). */
const CODES: Record<number, string> = {
  401: "unauthorized",
  403: "restricted_resource",
  404: "object_not_found",
  409: "conflict_error",
  429: "rate_limited",
  500: "internal_server_error",
  503: "service_unavailable",
  529: "service_overload",
};

const PUSH: Omit<PushOptions, "logger"> = {
  render: linesToBlocks,
  appName: "Contract",
  deletionPolicy: "archive",
  trashedPolicy: "recreate",
};

/** Push: one node of the app's tree, made into a page under the user's root page (both `POST /v1/pages`). */
const push: EngineSubject = {
  name: "push",
  method: "POST",
  path: "^/v1/pages$",
  async prepare({ deps, user }: World) {
    await deps.db.transaction((tx) =>
      upsertDocuments(tx, user.userId, [{ kind: "doc", id: "a", parent: null, title: "A", body: "hello", position: 0, updatedAt: null }]),
    );
    return async (): Promise<Outcome> => {
      try {
        const payload = { connection_id: user.connectionId, user_id: user.userId };
        await executePush(deps, PUSH, payload, {
          job: { id: String(Math.floor(Math.random() * 1e12)), attempts: 1 },
          logger: silentLogger(),
        });
      } catch (e) {
        return thrown(e);
      }
      const { rows } = await deps.db.query<{ last_errors: Array<{ code?: string; status?: number; error: string }> }>(
        "SELECT last_errors FROM push_sync_state WHERE user_id = $1",
        [user.userId],
      );
      const node = rows[0]?.last_errors[0];
      return { record: node ? { code: node.code, status: node.status, message: node.error } : null, retried: false };
    };
  },
};

const PULL: PullOptions = { schema: "contract", trashedPolicy: "mark", intervalMinutes: 15 };

/** Pull: every database the integration sees (one, of two rows) read with `POST /v1/data_sources/{id}/query`. */
const pull: EngineSubject = {
  name: "pull",
  method: "POST",
  path: "^/v1/data_sources/[^/]+/query$",
  async prepare({ deps, user, sandboxUrl }: World) {
    const seeded = await fetch(`${sandboxUrl}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({
        workspace_id: user.externalId,
        databases: [
          {
            // Mirror tables are named after their database: one of its own per case.
            title: `Tasks ${user.userId}`,
            properties: { Name: { title: {} } },
            rows: ["one", "two"].map((n) => ({ properties: { Name: { title: [{ text: { content: n } }] } } })),
          },
        ],
      }),
    });
    if (seeded.status !== 201) throw new Error(`seeding failed: ${seeded.status} ${await seeded.text()}`);
    const { registry } = buildRegistry(catalog({ logger: silentLogger(), sync: deps, engines: { pull: PULL } }));
    await registry.publish(deps.db);
    const queue = new Queue({ db: deps.db, registry, clock: deps.clock });
    const { runId } = await deps.db.transaction((tx) =>
      enqueueRun(tx, { queue, clock: deps.clock }, { userId: user.userId, request: {}, trigger: "api" }),
    );
    return async (): Promise<Outcome> => {
      let result: Awaited<ReturnType<typeof executeRun>>;
      try {
        result = await executeRun(deps, PULL, runId, { logger: silentLogger(), finalAttempt: false });
      } catch (e) {
        return thrown(e);
      }
      const failed = databaseResults(result).find((r) => r.status === "error");
      return {
        record: failed ? { code: failed.error_code, status: failed.error_status, message: failed.error } : null,
        retried: false,
      };
    };
  },
};

providerContract({
  descriptor: notionProvider,
  code: (status) => CODES[status] ?? "internal_server_error",
  tokenEndpoint: "POST /v1/oauth/token",
  verifyPath: "^/v1/users/me$",
  engines: [push, pull],
  extraCases: [
    {
      name: "529 service_overload → retry later (rate_limited)",
      fault: { status: 529, code: "service_overload" },
      is: ProviderRetryableError,
      record: { code: "provider_unavailable", kind: "rate_limited", status: 529 },
      retried: true,
    },
  ],
});
