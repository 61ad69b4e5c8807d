import type { Endpoint } from "../endpoint.ts";
import { cleanupOutboxRoute, discardOutboxDeadLetters, listOutboxDeadLetters, replayOutboxDeadLetters } from "./calendar-dead-letters.ts";
import { getOutboxItem, getOutboxStats, postOutbox, postOutboxBatch } from "./calendar-outbox.ts";
import { createConnectSessionRoute } from "./connect-sessions.ts";
import { deleteConnectionRoute, listConnectionsRoute } from "./connections.ts";
import { docsPage } from "./docs.ts";
import { deleteDocumentsRoute, putDocuments } from "./documents.ts";
import { health } from "./health.ts";
import { meta } from "./meta.ts";
import { metrics } from "./metrics.ts";
import { OAUTH_ALIASES, oauthCallback, oauthStart } from "./oauth.ts";
import { oauthResult } from "./oauth-result.ts";
import { openapiDocument } from "./openapi.ts";
import { processJobs } from "./process-jobs.ts";
import { getPullMirrors, putPullMirrors } from "./pull-mirrors.ts";
import { getPullRun, listPullRuns } from "./pull-runs.ts";
import { seedSyncToPostgresAlias, syncToPostgres } from "./pull-sync.ts";
import { getScheduler, getSchedules, putSchedule } from "./scheduler.ts";
import { cronSync, schedulerTick } from "./scheduler-tick.ts";
import { putSyncRoot, seedStatusAlias, seedSyncAlias, syncNow, syncStatus } from "./sync.ts";
import { getUserRoute, putUser } from "./users.ts";

/**
 * Every route of the HTTP API, in the order the document lists them. A new route is a file in
 * this folder exporting an `endpoint(...)`, plus one line here.
 */
export const ENDPOINTS: readonly Endpoint[] = [
  health,
  openapiDocument,
  docsPage,
  meta,
  metrics,
  putUser,
  getUserRoute,
  createConnectSessionRoute,
  listConnectionsRoute,
  deleteConnectionRoute,
  putDocuments,
  deleteDocumentsRoute,
  syncNow,
  syncStatus,
  putSyncRoot,
  seedSyncAlias,
  seedStatusAlias,
  putSchedule,
  getSchedules,
  getScheduler,
  schedulerTick,
  cronSync,
  putPullMirrors,
  getPullMirrors,
  syncToPostgres,
  getPullRun,
  listPullRuns,
  seedSyncToPostgresAlias,
  postOutbox,
  postOutboxBatch,
  getOutboxStats,
  listOutboxDeadLetters,
  replayOutboxDeadLetters,
  discardOutboxDeadLetters,
  cleanupOutboxRoute,
  getOutboxItem,
  oauthStart,
  oauthCallback,
  ...OAUTH_ALIASES,
  oauthResult,
  processJobs,
];
